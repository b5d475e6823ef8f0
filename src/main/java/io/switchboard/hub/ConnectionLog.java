package io.switchboard.hub;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Log lines about one connection. While such a line is written the MDC holds the connection's ids,
 * {@value #CONNECTION} (the transport's id) and {@value #CLIENT} (the hub client id), so JSON logs
 * carry them as fields and a text format can show them with {@code %X{client}}. The MDC is set
 * only for the line, whichever thread writes it (a connection's work runs on its event loop, its
 * backplane replies elsewhere), and nothing is done when the level is off.
 */
public final class ConnectionLog {
    /** MDC key of the transport's connection id. */
    public static final String CONNECTION = "connection";
    /** MDC key of the hub client id. */
    public static final String CLIENT = "client";

    private final Logger log;

    private ConnectionLog(Logger log) {
        this.log = log;
    }

    public static ConnectionLog of(Class<?> owner) {
        return new ConnectionLog(Logger.getLogger(owner));
    }

    public void debugf(Client client, String format, Object... params) {
        logf(Logger.Level.DEBUG, null, client.session().id(), client.id(), format, params);
    }

    public void warnf(Client client, Throwable failure, String format, Object... params) {
        logf(Logger.Level.WARN, failure, client.session().id(), client.id(), format, params);
    }

    public void errorf(Client client, Throwable failure, String format, Object... params) {
        logf(Logger.Level.ERROR, failure, client.session().id(), client.id(), format, params);
    }

    /**
     * Writes a line about the connection {@code connection} (null if unknown) of hub client
     * {@code client} (0 if none).
     */
    public void logf(Logger.Level level, Throwable failure, String connection, long client, String format,
            Object... params) {
        if (!log.isEnabled(level)) {
            return;
        }
        if (connection != null) {
            MDC.put(CONNECTION, connection);
        }
        if (client != Client.ANONYMOUS) {
            MDC.put(CLIENT, Long.toString(client));
        }
        try {
            log.logf(level, failure, format, params);
        } finally {
            MDC.remove(CONNECTION);
            MDC.remove(CLIENT);
        }
    }
}
