package io.switchboard.backplane;

/** A state change refused because the room already holds as many keys as it may. */
public final class StateLimitException extends RuntimeException {

    public StateLimitException(String room, int maxKeys) {
        super("room \"" + room + "\" already holds " + maxKeys + " state keys", null, false, false);
    }
}
