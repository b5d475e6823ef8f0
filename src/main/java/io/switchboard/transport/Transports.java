package io.switchboard.transport;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.protocol.CloseCode;

/** Shared failure handling: a failure on one socket is dealt with there and never reaches the others. */
final class Transports {
    private static final Logger LOG = Logger.getLogger(Transports.class);

    private Transports() {
    }

    /**
     * Handles a failure on {@code connection}. A single frame over the limit is closed with 1009 by
     * Vert.x itself; a message over the limit that came in fragments is only reported, so it is
     * closed here with the same code. Network trouble is routine (debug); anything else is a defect
     * worth a warning.
     */
    static void onError(WebSocketConnection connection, Throwable failure) {
        if (isMessageTooBig(failure)) {
            LOG.debugf("closing %s: %s", connection.id(), failure.getMessage());
            CloseCode code = CloseCode.TOO_BIG;
            connection.close(new CloseReason(code.code(), code.reason())).subscribe().with(ok -> {
            }, e -> LOG.debugf(e, "close of %s failed", connection.id()));
        } else if (failure instanceof java.io.IOException || failure instanceof io.vertx.core.http.HttpClosedException
                || failure instanceof io.netty.handler.codec.CorruptedFrameException) {
            // A peer that breaks the framing is closed with 1002 by the codec: its problem, not ours.
            LOG.debugf(failure, "connection %s failed", connection.id());
        } else {
            LOG.warnf(failure, "connection %s failed", connection.id());
        }
    }

    private static boolean isMessageTooBig(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof IllegalStateException && message != null && message.contains("max message size");
    }
}
