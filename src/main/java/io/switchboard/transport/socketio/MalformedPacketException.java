package io.switchboard.transport.socketio;

/**
 * Input that is not a valid Engine.IO or Socket.IO packet. The protocols answer it by closing the
 * session; the message says why, for logs.
 */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
