package io.switchboard.security;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.switchboard.config.SecurityConfig;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Lifecycle;
import io.switchboard.protocol.CloseCode;

/**
 * A restart clients hardly notice. On SIGTERM, before the HTTP server stops (Quarkus fires
 * {@link ShutdownDelayInitiatedEvent} first when {@code quarkus.shutdown.delay-enabled} is set at
 * build time; the server would otherwise close every socket with 1000 before any
 * {@code ShutdownEvent} observer runs): the node reports not-ready and refuses upgrades with 503,
 * closes every client with 1012 "service restart, reconnect" after what is queued for it, and
 * waits up to {@code switchboard.shutdown.grace} for those queues to drain and the sockets to
 * close. Then the shutdown goes on. Clients reconnect (to another instance) and resume their rooms.
 */
@Singleton
public class GracefulShutdown {
    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    private static final long POLL_MILLIS = 20;

    private final Hub hub;
    private final Lifecycle lifecycle;
    private final Duration grace;

    @Inject
    GracefulShutdown(Hub hub, Lifecycle lifecycle, SecurityConfig config) {
        this.hub = hub;
        this.lifecycle = lifecycle;
        this.grace = config.shutdown().grace();
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Stops taking clients, closes the connected ones with 1012 and waits (at most the grace period) until they are gone. */
    void drain() {
        lifecycle.startDraining();
        int open = hub.connections();
        if (open == 0) {
            return;
        }
        LOG.infof("shutting down: closing %d connections with 1012, up to %s to drain", open, grace);
        hub.closeAll(CloseCode.SERVICE_RESTART);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (hub.connections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = hub.connections();
        if (left > 0) {
            LOG.warnf("shutting down with %d connections still draining after %s", left, grace);
        }
    }
}
