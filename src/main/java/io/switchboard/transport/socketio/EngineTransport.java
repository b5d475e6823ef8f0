package io.switchboard.transport.socketio;

import java.util.List;

/**
 * The connection an Engine.IO session currently speaks over: HTTP long-polling or a WebSocket.
 * Called on the session's lane only.
 */
abstract class EngineTransport {
    static final EncodedPacket NOOP = EncodedPacket.text("6");
    static final EncodedPacket CLOSE = EncodedPacket.text("1");

    /** Binds the transport to its session; called once, before anything else. */
    abstract void attach(EngineSocket socket);

    /** {@code polling} or {@code websocket}, as in the {@code transport} query parameter. */
    abstract String name();

    /** Whether {@link #send} can go out now (long-polling: a GET is waiting). */
    abstract boolean writable();

    /** Whether packets should go out as soon as they are queued rather than gathered. */
    abstract boolean immediate();

    /** Sends {@code packets}; only when {@link #writable()}. */
    abstract void send(List<EncodedPacket> packets);

    /** Sends one packet; only when {@link #writable()}. */
    void send(EncodedPacket packet) {
        send(List.of(packet));
    }

    /**
     * Ends the transport: sends {@code packets} (if it still can), then the end of the session the
     * way the transport says it ({@code 1}, or {@code 6} when the client closed, to a pending GET;
     * a close frame over WebSocket). Does nothing the second time.
     */
    abstract void end(List<EncodedPacket> packets, EngineClose why);

    /** Lets go of a transport the session upgraded away from. */
    abstract void discard();
}
