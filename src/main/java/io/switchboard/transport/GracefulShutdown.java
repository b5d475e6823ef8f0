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
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.config.SecurityConfig;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Lifecycle;
import io.switchboard.protocol.CloseCode;

/**
 * A restart clients hardly notice, and a quiet one. When the application stops (SIGTERM, a
 * dev-mode reload), before anything else stops: the node reports not-ready and refuses upgrades
 * with 503 ({@link Lifecycle#startDraining()}), closes every socket (hub, raw relay, echo,
 * Socket.IO) with 1012 "service restart, reconnect" after what is already queued for it, and waits
 * up to {@code switchboard.shutdown.grace} for the peers to answer. Connections still open then are
 * ended, and their close callbacks are let run. Clients reconnect (to another instance) and resume.
 *
 * <p>Left open, the sockets would be closed by the HTTP server's own shutdown, with 1000, and
 * their close callbacks would run after the CDI container has stopped: websockets-next would log
 * each as an ERROR ("ArC container not initialized") and the hub would never hear its clients
 * leave. {@link ShutdownEvent} comes too late for this (the HTTP server has closed by then); the
 * pre-shutdown event comes first. Quarkus fires it when {@code quarkus.shutdown.delay-enabled} is
 * true, which adds no delay unless {@code quarkus.shutdown.delay} is also set.
 */
@Singleton
public class GracefulShutdown {
    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    /** Time for the close callbacks of the connections ended without an answer. */
    private static final Duration CALLBACKS = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 10;
    private static final CloseCode CODE = CloseCode.SERVICE_RESTART;

    @Inject
    OpenConnections connections;

    @Inject
    Sessions sessions;

    @Inject
    Hub hub;

    @Inject
    Lifecycle lifecycle;

    @Inject
    SecurityConfig config;

    void stop(@Observes ShutdownDelayInitiatedEvent event) {
        lifecycle.startDraining();
        Set<WebSocketConnection> open = new HashSet<>(connections.listAll());
        open.addAll(sessions.live());
        int clients = hub.connections();
        if (open.isEmpty() && clients == 0) {
            return;
        }
        Duration grace = config.shutdown().grace();
        LOG.infof("shutting down: closing %d connections with %d, up to %s to drain", Math.max(open.size(), clients),
                CODE.code(), grace);
        // Hub clients of every transport (Socket.IO's included), after the frames queued for them.
        hub.closeAll(CODE);
        Set<EventLoop> loops = new HashSet<>();
        CloseReason reason = new CloseReason(CODE.code(), CODE.reason());
        for (WebSocketConnection connection : open) {
            loops.add(Sessions.channel(connection).channel().eventLoop());
            WsSession session = Sessions.session(connection);
            if (session != null) {
                session.lane().execute(() -> session.close(CODE));
            } else {
                connection.close(reason).subscribe().with(ok -> {
                }, failure -> LOG.debugf("close of %s failed: %s", connection.id(), failure.getMessage()));
            }
        }
        if (!allClosedWithin(grace)) {
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

    /** Waits until every tracked connection has been through its close callback and the hub has no client left. */
    private boolean allClosedWithin(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!sessions.live().isEmpty() || hub.connections() > 0) {
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
