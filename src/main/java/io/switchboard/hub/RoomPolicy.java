package io.switchboard.hub;

import io.switchboard.config.SecurityConfig.SlowConsumer;

/**
 * The hub's one question before it acts on a room: may this principal use this right here? The
 * hub asks it for every join, publish, broadcast, presence, history and state request, whatever
 * the transport. It also says how a room treats members whose sockets are backed up.
 */
public interface RoomPolicy {

    /**
     * Whether {@code principal} may use {@code right} in {@code room}.
     *
     * @param member whether the client is a member of the room right now
     */
    boolean allows(Principal principal, Right right, String room, boolean member);

    /** What happens to a member of {@code room} whose socket is backed up. */
    default SlowConsumer slowConsumer(String room) {
        return SlowConsumer.CLOSE;
    }

    /** Frames a backed-up member of {@code room} keeps under {@link SlowConsumer#DROP_OLDEST}. */
    default int buffer(String room) {
        return 64;
    }
}
