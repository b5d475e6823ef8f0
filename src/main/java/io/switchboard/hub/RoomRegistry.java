package io.switchboard.hub;

import java.util.concurrent.ConcurrentHashMap;

import io.switchboard.protocol.Frame;

/**
 * The rooms that have members on this node. Lookups for delivery are lock-free; joins and leaves
 * of one room are serialised by the map's per-key lock, which also keeps the first-member and
 * last-member notifications in order.
 */
final class RoomRegistry {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private volatile RoomActivity activity;

    void activity(RoomActivity activity) {
        this.activity = activity;
    }

    /** Adds {@code client} to {@code room}; false if it was a member already. */
    boolean add(String room, Client client) {
        boolean[] added = new boolean[1];
        rooms.compute(room, (name, existing) -> {
            Room r = existing == null ? new Room(name) : existing;
            added[0] = r.add(client);
            if (added[0] && r.size() == 1) {
                notifyActive(name);
            }
            return r;
        });
        return added[0];
    }

    /** Removes {@code client} from {@code room}; false if it was not a member. */
    boolean remove(String room, Client client) {
        boolean[] removed = new boolean[1];
        rooms.computeIfPresent(room, (name, r) -> {
            removed[0] = r.remove(client);
            if (r.isEmpty()) {
                if (removed[0]) {
                    notifyIdle(name);
                }
                return null;
            }
            return r;
        });
        return removed[0];
    }

    /** Local member count of {@code room}. */
    int size(String room) {
        Room r = rooms.get(room);
        return r == null ? 0 : r.size();
    }

    void deliver(String room, Frame frame, long except) {
        Room r = rooms.get(room);
        if (r != null) {
            r.deliver(frame, except);
        }
    }

    private void notifyActive(String room) {
        RoomActivity a = activity;
        if (a != null) {
            a.active(room);
        }
    }

    private void notifyIdle(String room) {
        RoomActivity a = activity;
        if (a != null) {
            a.idle(room);
        }
    }
}
