package io.switchboard.hub;

import java.util.Arrays;

import io.switchboard.backplane.Target;
import io.switchboard.config.SecurityConfig.SlowConsumer;
import io.switchboard.protocol.Frame;

/**
 * The local members of one room, one {@link LaneGroup} per lane. The group list only grows (at
 * most one group per lane) and is replaced on growth, so delivery reads it without locks; the
 * groups themselves belong to their lanes.
 */
final class Room {
    private static final LaneGroup[] NO_GROUPS = new LaneGroup[0];

    final String name;
    /** What happens to members whose sockets are backed up. */
    final SlowConsumer slowConsumer;
    /** Frames a backed-up member keeps under {@link SlowConsumer#DROP_OLDEST}. */
    final int buffer;
    private final Traffic traffic;
    private volatile LaneGroup[] groups = NO_GROUPS;
    /** Local members; changed only under the registry's per-room lock. */
    volatile int size;

    Room(String name, Traffic traffic) {
        this(name, SlowConsumer.CLOSE, 0, traffic);
    }

    Room(String name, SlowConsumer slowConsumer, int buffer, Traffic traffic) {
        this.name = name;
        this.slowConsumer = slowConsumer;
        this.buffer = Math.max(1, buffer);
        this.traffic = traffic;
    }

    /** The group of {@code lane}, created on first use. */
    LaneGroup group(Lane lane) {
        for (LaneGroup g : groups) {
            if (g.lane == lane) {
                return g;
            }
        }
        synchronized (this) {
            LaneGroup[] current = groups;
            for (LaneGroup g : current) {
                if (g.lane == lane) {
                    return g;
                }
            }
            LaneGroup g = new LaneGroup(lane, traffic);
            LaneGroup[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = g;
            groups = next;
            return g;
        }
    }

    /**
     * Hands {@code frame} to every lane with members, one task per lane. Delivery always goes
     * through the lane's queue, even for the caller's own lane, so that a lane sees a room's frames
     * in the order they were handed over (offset order for kept messages) and a reply queued after
     * a publish reaches the publisher after its own copy.
     */
    void deliver(Frame frame, Target target) {
        for (LaneGroup g : groups) {
            g.lane.execute(() -> g.deliver(frame, target));
        }
    }
}
