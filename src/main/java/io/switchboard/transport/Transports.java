package io.switchboard.transport;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;

/** Shared failure handling: a failure on one socket is logged and never reaches the others. */
final class Transports {
    private static final Logger LOG = Logger.getLogger(Transports.class);

    private Transports() {
    }

    /** Network trouble is routine (debug); anything else is a defect worth a warning. */
    static void logFailure(WebSocketConnection connection, Throwable failure) {
        if (failure instanceof java.io.IOException || failure instanceof io.vertx.core.http.HttpClosedException) {
            LOG.debugf(failure, "connection %s failed", connection.id());
        } else {
            LOG.warnf(failure, "connection %s failed", connection.id());
        }
    }
}
