package io.switchboard.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.protocol.CloseCode;

/**
 * Pings connections that have been silent for a ping interval and closes those that stay silent
 * for the timeout after the ping. Any inbound frame (a pong included) counts as a sign of life,
 * so busy connections are never pinged.
 */
final class KeepAlive {
    private final long intervalNanos;
    private final long timeoutNanos;

    KeepAlive(SwitchboardConfig.KeepAlive config) {
        this.intervalNanos = config.pingInterval().toNanos();
        this.timeoutNanos = config.timeout().toNanos();
    }

    /** How often each lane checks its sessions. */
    Duration sweepPeriod() {
        return Duration.ofNanos(Math.max(Duration.ofMillis(50).toNanos(), Math.min(intervalNanos, timeoutNanos) / 2));
    }

    void sweep(Collection<WsSession> sessions) {
        long now = System.nanoTime();
        List<WsSession> dead = null;
        for (WsSession session : sessions) {
            boolean awaitingPong = session.pingSentAt != 0 && session.lastRead < session.pingSentAt;
            if (awaitingPong) {
                if (now - session.pingSentAt >= timeoutNanos) {
                    if (dead == null) {
                        dead = new ArrayList<>();
                    }
                    dead.add(session);
                }
            } else if (now - session.lastRead >= intervalNanos) {
                session.pingSentAt = now;
                session.ping();
            }
        }
        if (dead != null) {
            for (WsSession session : dead) {
                session.close(CloseCode.NO_PONG);
            }
        }
    }
}
