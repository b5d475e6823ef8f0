package io.switchboard.hub;

import java.util.concurrent.ConcurrentHashMap;

import io.switchboard.backplane.Target;
import io.switchboard.protocol.Frame;

/**
 * The rooms that have members on this node. Lookups for delivery are lock-free. A join or leave
 * changes the room's member count under the map's per-key lock (which also keeps the first-member
 * and last-member notifications in order) and the member lists on the member's own lane, so both
 * cost O(1) whatever the room's size.
 */
final class RoomRegistry {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final Traffic traffic;
    private final java.util.List<RoomActivity> activities = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile RoomPolicy policy;

    RoomRegistry() {
        this(new Traffic());
    }

    RoomRegistry(Traffic traffic) {
        this.traffic = traffic;
    }

    /** Adds a listener told of rooms gaining their first and losing their last local member. */
    void activity(RoomActivity activity) {
        activities.add(activity);
    }

    /** Sets the policy new rooms take their slow-consumer handling from. */
    void policy(RoomPolicy policy) {
        this.policy = policy;
    }

    /**
     * Makes {@code client} a member of {@code room}. Must run on the client's lane; the caller has
     * checked that the client is not a member yet.
     */
    Member add(String room, Client client, boolean watching) {
        Room r = rooms.compute(room, (name, existing) -> {
            Room next = existing == null ? newRoom(name) : existing;
            if (next.size++ == 0) {
                notify(name, true);
            }
            return next;
        });
        LaneGroup group = r.group(client.session().lane());
        Member m = new Member(client, r, group);
        group.add(m, watching);
        return m;
    }

    private Room newRoom(String name) {
        RoomPolicy p = policy;
        return p == null ? new Room(name, traffic) : new Room(name, p.slowConsumer(name), p.buffer(name), traffic);
    }

    /** Ends {@code m}. Must run on its client's lane. */
    void remove(Member m) {
        m.group.remove(m);
        rooms.computeIfPresent(m.room.name, (name, r) -> {
            if (r != m.room) {
                return r;
            }
            if (--r.size == 0) {
                notify(name, false);
                return null;
            }
            return r;
        });
    }

    /** Local member count of {@code room}. */
    int size(String room) {
        Room r = rooms.get(room);
        return r == null ? 0 : r.size;
    }

    /** Names of the rooms with local members. */
    java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(rooms.keySet());
    }

    void deliver(String room, Frame frame, Target target) {
        Room r = rooms.get(room);
        if (r != null) {
            if (!target.noticesOnly()) {
                traffic.onFanOut(r.size);
            }
            r.deliver(frame, target);
        }
    }

    private void notify(String room, boolean active) {
        for (RoomActivity a : activities) {
            if (active) {
                a.active(room);
            } else {
                a.idle(room);
            }
        }
    }
}
