package io.switchboard.hub;

/** What a client may do in a room; checked by the {@link RoomPolicy} before the hub acts. */
public enum Right {
    /** Become a member. */
    JOIN("join"),
    /** Publish and broadcast into the room. */
    PUBLISH("publish"),
    /** See who is in the room: {@code presence}, the member list of {@code joined}, join/leave notices. */
    PRESENCE("presence"),
    /** Get past messages: {@code history} and {@code since} on join. */
    HISTORY("history"),
    /** Set and unset keys of the room's state. */
    STATE("state");

    private final String wire;

    Right(String wire) {
        this.wire = wire;
    }

    /** The name used in token claims, configuration and error messages. */
    public String wire() {
        return wire;
    }

    /** The right named {@code name} ({@code join}, {@code publish}, …), or null. */
    public static Right of(String name) {
        for (Right r : values()) {
            if (r.wire.equals(name)) {
                return r;
            }
        }
        return null;
    }
}
