package io.switchboard.hub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A connection registered with the hub: its id, its session and the rooms it joined. */
public final class Client {
    /** The id of connections that are not hub clients (raw relay sockets). */
    static final long ANONYMOUS = 0;

    private final long id;
    private final Session session;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();

    Client(long id, Session session) {
        this.id = id;
        this.session = session;
    }

    /** The cluster-wide client id, or 0 for a raw socket. */
    public long id() {
        return id;
    }

    public Session session() {
        return session;
    }

    boolean inRoom(String room) {
        return rooms.contains(room);
    }

    boolean addRoom(String room) {
        return rooms.add(room);
    }

    boolean removeRoom(String room) {
        return rooms.remove(room);
    }

    /** The rooms joined, sorted, for replies. */
    List<String> rooms() {
        List<String> list = new ArrayList<>(rooms);
        Collections.sort(list);
        return list;
    }
}
