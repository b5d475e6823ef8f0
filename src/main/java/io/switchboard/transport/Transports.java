package io.switchboard.transport;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;

/** Shared failure handling: a failure on one socket is dealt with there and never reaches the others. */
final class Transports {
    private static final Logger LOG = Logger.getLogger(Transports.class);

    private Transports() {
    }

    /**
     * Handles a failure on {@code connection}. A client's protocol violations and oversize frames
     * never get here ({@link ProtocolGuard} closes those with the right code); network trouble is
     * routine (debug); anything else is a defect of the server worth a warning.
     */
    static void onError(WebSocketConnection connection, Throwable failure) {
        if (failure instanceof java.io.IOException || failure instanceof io.vertx.core.http.HttpClosedException) {
            LOG.debugf(failure, "connection %s failed", connection.id());
        } else {
            LOG.warnf(failure, "connection %s failed", connection.id());
        }
    }
}
