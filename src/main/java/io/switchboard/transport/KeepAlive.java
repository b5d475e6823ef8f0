package io.switchboard.transport;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.protocol.CloseCode;

/**
 * Pings connections that have been silent for a ping interval and closes those that stay silent
 * for the timeout after the ping. Any inbound frame (a pong included) counts as a sign of life,
 * so busy connections are never pinged.
 *
 * <p>Each connection has one timer (as Netty's {@code IdleStateHandler} does), set to the moment
 * its next deadline can fall due at the earliest. Reads do not touch the timer: when it fires,
 * {@link #check} looks at the time of the last read and either acts or sets the timer again. A
 * ping therefore goes out as soon as the interval of silence is over and a close as soon as the
 * timeout after the ping is, not on the next tick of a periodic sweep.
 */
final class KeepAlive {
    private final long intervalNanos;
    private final long timeoutNanos;

    KeepAlive(SwitchboardConfig.KeepAlive config) {
        this.intervalNanos = config.pingInterval().toNanos();
        this.timeoutNanos = config.timeout().toNanos();
    }

    /** Delay (ns) from a connection's open to its first check. */
    long firstCheck() {
        return intervalNanos;
    }

    /**
     * Pings or closes {@code session} if a deadline has passed at {@code now} and returns the delay
     * (ns) until its next check, or -1 if it was closed. Called on the session's lane.
     */
    long check(WsSession session, long now) {
        boolean awaitingPong = session.pingSentAt != 0 && session.lastRead - session.pingSentAt < 0;
        if (awaitingPong) {
            long waited = now - session.pingSentAt;
            if (waited >= timeoutNanos) {
                session.close(CloseCode.NO_PONG);
                return -1;
            }
            // An answer arriving from now on makes the next ping due an interval after it at the
            // earliest: look again then, or when the timeout runs out, whichever comes first.
            return Math.min(timeoutNanos - waited, intervalNanos);
        }
        long silent = now - session.lastRead;
        if (silent >= intervalNanos) {
            session.pingSentAt = now;
            session.ping();
            return Math.min(timeoutNanos, intervalNanos);
        }
        return intervalNanos - silent;
    }
}
