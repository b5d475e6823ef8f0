package io.switchboard.backplane;

/**
 * Who a published frame is for: a room's members, one client, or every client; optionally minus
 * one client (the sender of a broadcast), and optionally only the members that asked for presence
 * notices. Targets are values: {@link #except(long)} and {@link #notices()} return new ones.
 *
 * @param kind what {@code room} or {@code client} name
 * @param room the room, for {@link Kind#ROOM}
 * @param client the client, for {@link Kind#CLIENT}
 * @param except a client that must not receive the frame, or 0 for none
 * @param noticesOnly whether only members that want presence notices receive it
 *        ({@code client:connected} in the lobby, {@code room:joined} in a room)
 */
public record Target(Kind kind, String room, long client, long except, boolean noticesOnly) {

    /** What a target addresses. */
    public enum Kind {
        ROOM, CLIENT, ALL
    }

    public static Target room(String room) {
        return new Target(Kind.ROOM, room, 0, 0, false);
    }

    public static Target client(long client) {
        return new Target(Kind.CLIENT, null, client, 0, false);
    }

    public static Target all() {
        return new Target(Kind.ALL, null, 0, 0, false);
    }

    /** The same target without {@code client}. */
    public Target except(long client) {
        return new Target(kind, room, this.client, client, noticesOnly);
    }

    /** The same target, limited to the members that asked for presence notices. */
    public Target notices() {
        return new Target(kind, room, client, except, true);
    }
}
