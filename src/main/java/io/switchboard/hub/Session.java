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

    /** Sends {@code frame} from any thread, keeping the order of calls made from one thread. */
    default void send(Frame frame) {
        Lane lane = lane();
        if (lane.inLane()) {
            write(frame);
        } else {
            lane.execute(() -> write(frame));
        }
    }

    /** Closes the connection with {@code code}. */
    void close(CloseCode code);
}
