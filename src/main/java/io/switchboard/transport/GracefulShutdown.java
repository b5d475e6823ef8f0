package io.switchboard.transport;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.protocol.CloseCode;

/**
 * Closes every WebSocket with 1001 ("going away") when the application stops (a shutdown or a
 * dev-mode reload), before anything else stops. Left open, the sockets are closed by the HTTP
 * server's own shutdown, whose close callbacks run after the CDI container has stopped:
 * websockets-next can then no longer reach the endpoints and logs each socket as an ERROR ("ArC
 * container not initialized"), and the hub never hears that its clients left.
 *
 * <p>{@link ShutdownEvent} comes too late for this (the HTTP server has closed by then); the
 * pre-shutdown event comes first. Quarkus fires it when {@code quarkus.shutdown.delay-enabled}
 * is true, which adds no delay unless {@code quarkus.shutdown.delay} is also set.
 */
@Singleton
public class GracefulShutdown implements HttpUpgradeCheck {
    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    /** Time for the peers to answer the close frame (browsers do it at once). */
    private static final Duration HANDSHAKE = Duration.ofSeconds(2);
    /** Time for the close callbacks of the connections ended without an answer. */
    private static final Duration CALLBACKS = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 10;

    @Inject
    OpenConnections connections;

    @Inject
    Sessions sessions;

    private volatile boolean stopping;

    /** Refuses new WebSockets with 503 once the server is stopping: they would outlive it. */
    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return stopping ? CheckResult.rejectUpgrade(503) : CheckResult.permitUpgrade();
    }

    void stop(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
        Set<WebSocketConnection> open = new HashSet<>(connections.listAll());
        open.addAll(sessions.live());
        if (open.isEmpty()) {
            return;
        }
        LOG.debugf("closing %d WebSocket connections", open.size());
        Set<EventLoop> loops = new HashSet<>();
        CloseReason reason = new CloseReason(CloseCode.GOING_AWAY.code(), CloseCode.GOING_AWAY.reason());
        for (WebSocketConnection connection : open) {
            loops.add(Sessions.channel(connection).channel().eventLoop());
            connection.close(reason).subscribe().with(ok -> {
            }, failure -> LOG.debugf("close of %s failed: %s", connection.id(), failure.getMessage()));
        }
        if (!allClosedWithin(HANDSHAKE)) {
            for (WebSocketConnection connection : List.copyOf(sessions.live())) {
                LOG.debugf("%s did not answer the close frame; ending its connection", connection.id());
                // From Vert.x's own place in the pipeline, as Vert.x ends a connection after a close
                // handshake; a close from the pipeline's tail would be handed to Vert.x, which
                // treats the connection as closing already.
                Sessions.channel(connection).close();
            }
            allClosedWithin(CALLBACKS);
        }
        // A connection ended without a close handshake also gets an error callback, queued on its
        // event loop behind the close callback: let those run too.
        for (EventLoop loop : loops) {
            loop.submit(() -> {
            }).awaitUninterruptibly(CALLBACKS.toMillis());
        }
    }

    /** Waits until every tracked connection has been through its close callback. */
    private boolean allClosedWithin(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!sessions.live().isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
