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
    /** Requests a client may send while one of its joins is being finished. */
    static final int MAX_DEFERRED = 1024;

    private final long id;
    private final Session session;
    private final boolean lobbyNotices;

    private Member[] memberships = NONE;
    private int count;
    private boolean gone;
    /** Requests that arrived while a join was being finished, handled after it; lane-confined. */
    private java.util.ArrayDeque<byte[]> deferred;
    private boolean joining;
    private volatile Principal principal = Principal.ANONYMOUS;

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

    /** Who the client is: its verified token, or {@link Principal#ANONYMOUS}. */
    public Principal principal() {
        return principal;
    }

    void principal(Principal principal) {
        this.principal = principal;
    }

    /** The user id from the client's token, or null. */
    public String user() {
        return principal.user();
    }

    /** Whether the client has disconnected; checked by timers that outlive it. */
    public boolean isGone() {
        return gone;
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

    /** Whether a join is being finished: later requests wait for it, so replies keep request order. */
    boolean joining() {
        return joining;
    }

    void joining(boolean joining) {
        this.joining = joining;
    }

    /** Keeps a request for after the current join; false when too many already wait. */
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

    /** The next request that waited, or null. */
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
