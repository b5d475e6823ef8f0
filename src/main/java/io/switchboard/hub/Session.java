package io.switchboard.hub;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frame;

/** A transport connection as the hub sees it. Implemented by transports; no WebSocket types leak in. */
public interface Session {

    /** The lane that owns this connection. */
    Lane lane();

    /**
     * Queues {@code frame} for the peer. Only called on {@link #lane()}'s thread; the transport may
     * defer the flush so that several frames leave in one write. A frame for a closed session is
     * dropped.
     */
    void write(Frame frame);

    /**
     * Sends {@code frame} from any thread through the lane's queue: after every frame already
     * handed to the lane (room deliveries included), in the order of calls.
     */
    default void send(Frame frame) {
        lane().execute(() -> write(frame));
    }

    /**
     * Whether the peer is behind: frames already wait in the send buffer. Volatile frames are
     * dropped rather than queued for such a peer. Called on the lane.
     */
    default boolean backedUp() {
        return false;
    }

    /**
     * Bytes written for the peer that it has not taken yet (0 when the transport cannot tell).
     * Called on the lane.
     */
    default long pendingBytes() {
        return 0;
    }

    /**
     * Runs {@code task} on the lane once the peer is no longer {@link #backedUp()}. Transports that
     * cannot tell run it soon. Called on the lane.
     */
    default void whenWritable(Runnable task) {
        lane().execute(task);
    }

    /** The transport's id of this connection, for log lines; null if it has none. */
    default String id() {
        return null;
    }

    /** The transport's name, for statistics: {@code websocket}, {@code socket.io}, … */
    default String transport() {
        return "websocket";
    }

    /** Closes the connection with {@code code}. */
    void close(CloseCode code);

    /**
     * Closes the connection with {@code code} and a reason of the server's own (at most
     * {@link CloseCode#MAX_REASON_BYTES} bytes of UTF-8) instead of the code's usual one. A
     * transport without close reasons closes with {@code code} alone.
     */
    default void close(CloseCode code, String reason) {
        close(code);
    }
}
