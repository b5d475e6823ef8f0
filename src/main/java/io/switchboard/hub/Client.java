package io.switchboard.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A connection registered with the hub: its id, its session and its memberships. Memberships are
 * confined to the session's lane: only code running there reads or changes them.
 */
public final class Client {
    /** The id of connections that are not hub clients (raw relay sockets). */
    static final long ANONYMOUS = 0;
    private static final Member[] NONE = new Member[0];

    private final long id;
    private final Session session;
    private final boolean lobbyNotices;
    /** Requests a client may send while one of its joins is in progress; past it they are refused. */
    static final int MAX_DEFERRED = 1024;

    private Member[] memberships = NONE;
    private int count;
    private boolean gone;
    private boolean joining;
    private java.util.ArrayDeque<byte[]> deferred;

    Client(long id, Session session, boolean lobbyNotices) {
        this.id = id;
        this.session = session;
        this.lobbyNotices = lobbyNotices;
    }

    /** The cluster-wide client id, or 0 for a raw socket. */
    public long id() {
        return id;
    }

    public Session session() {
        return session;
    }

    /** Whether the client hears {@code client:connected} / {@code client:disconnected}. */
    boolean lobbyNotices() {
        return lobbyNotices;
    }

    /** Whether the client has disconnected (replies still in flight are dropped). */
    boolean gone() {
        return gone;
    }

    void markGone() {
        gone = true;
    }

    /** Whether a join is in progress (later requests wait for it). */
    boolean joining() {
        return joining;
    }

    void joining(boolean joining) {
        this.joining = joining;
    }

    /** Keeps a request for after the join; false when too many wait already. */
    boolean defer(byte[] request) {
        if (deferred == null) {
            deferred = new java.util.ArrayDeque<>();
        }
        if (deferred.size() >= MAX_DEFERRED) {
            return false;
        }
        deferred.add(request);
        return true;
    }

    /** The oldest deferred request, or null. */
    byte[] nextDeferred() {
        return deferred == null ? null : deferred.poll();
    }

    Member membership(String room) {
        for (int i = 0; i < count; i++) {
            if (memberships[i].room.name.equals(room)) {
                return memberships[i];
            }
        }
        return null;
    }

    boolean inRoom(String room) {
        return membership(room) != null;
    }

    void add(Member member) {
        if (count == memberships.length) {
            memberships = Arrays.copyOf(memberships, Math.max(2, count * 2));
        }
        memberships[count++] = member;
    }

    void remove(Member member) {
        for (int i = 0; i < count; i++) {
            if (memberships[i] == member) {
                memberships[i] = memberships[--count];
                memberships[count] = null;
                return;
            }
        }
    }

    /** The memberships, a copy. */
    Member[] memberships() {
        return Arrays.copyOf(memberships, count);
    }

    int roomCount() {
        return count;
    }

    /** The rooms joined, sorted, for replies. */
    List<String> rooms() {
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(memberships[i].room.name);
        }
        list.sort(null);
        return list;
    }
}
