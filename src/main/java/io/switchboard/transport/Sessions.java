package io.switchboard.transport;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.Client;
import io.switchboard.security.Gate;
import io.vertx.core.http.impl.WebSocketInternal;

/**
 * Turns websockets-next connections into hub sessions and keeps one {@link NettyLane} per event
 * loop. The Netty channel context is read from the connection once, at open; websockets-next does
 * not expose it, so it is taken from the connection's {@code webSocket} field (registered for
 * reflection for native images).
 */
@Singleton
@RegisterForReflection(classNames = {"io.quarkus.websockets.next.runtime.WebSocketConnectionImpl",
        "io.vertx.ext.web.impl.ServerWebSocketWrapper", "io.vertx.core.http.impl.WebSocketImplBase",
        "io.vertx.core.http.impl.ServerWebSocketImpl",
        "io.quarkus.websockets.next.runtime.WebSocketConnectionImpl$HandshakeRequestImpl",
        "io.quarkus.websockets.next.runtime.SecuritySupport"}, fields = true, methods = false)
public class Sessions {
    static final TypedKey<WsSession> SESSION = new TypedKey<>("switchboard.session");
    static final TypedKey<Client> CLIENT = new TypedKey<>("switchboard.client");
    static final TypedKey<Gate> GATE = new TypedKey<>("switchboard.gate");

    private static final Field WEB_SOCKET = field("io.quarkus.websockets.next.runtime.WebSocketConnectionImpl", "webSocket");
    private static final Field WRAPPED = field("io.vertx.ext.web.impl.ServerWebSocketWrapper", "delegate");

    private final ConcurrentHashMap<EventLoop, NettyLane> lanes = new ConcurrentHashMap<>();
    private final Set<WebSocketConnection> live = ConcurrentHashMap.newKeySet();
    private final KeepAlive keepAlive;
    private final long maxPendingBytes;

    @Inject
    Sessions(SwitchboardConfig config) {
        this.keepAlive = new KeepAlive(config.keepAlive());
        this.maxPendingBytes = config.limits().maxPendingBytes();
    }

    /**
     * Creates the session of a newly opened connection; called on its event loop. The endpoint
     * calls {@link WsSession#opened()} once its open callback has finished.
     *
     * <p>The session's keep-alive replaces Vert.x's idle-state handler
     * ({@code quarkus.http.idle-timeout}), which is taken out of the connection's pipeline: it
     * would only close a connection the keep-alive closes long before, and it costs a handler and
     * a timer per connection.
     */
    WsSession open(WebSocketConnection connection) {
        ChannelHandlerContext channel = channel(connection);
        ChannelHandlerContext ctx = WireFrames.writeContext(channel);
        NettyLane lane = lanes.computeIfAbsent(ctx.channel().eventLoop(), loop -> new NettyLane(loop, keepAlive));
        WsSession session = new WsSession(connection, ctx, track(connection, channel), lane, maxPendingBytes);
        lane.opened(session);
        if (channel.pipeline().get(IdleStateHandler.class) != null) {
            channel.pipeline().remove(IdleStateHandler.class);
        }
        connection.userData().put(SESSION, session);
        return session;
    }

    /**
     * Counts a newly opened connection that has no hub session (the echo socket) among the live
     * ones, until {@link #forget}, and lets it drop what it kept of its handshake. Such a
     * connection keeps Vert.x's idle timeout ({@code quarkus.http.idle-timeout}).
     */
    void track(WebSocketConnection connection) {
        track(connection, channel(connection));
        Handshakes.release(connection);
    }

    /** Registers the connection as live and gives its {@link ProtocolGuard} the id for log lines. */
    private ProtocolGuard track(WebSocketConnection connection, ChannelHandlerContext channel) {
        ProtocolGuard guard = channel.pipeline().get(ProtocolGuard.class);
        if (guard == null) {
            throw new IllegalStateException("no protocol guard on " + connection.id());
        }
        guard.opened(connection.id());
        live.add(connection);
        return guard;
    }

    /** Connections opened and not yet through their close callback, on every endpoint. */
    Set<WebSocketConnection> live() {
        return Collections.unmodifiableSet(live);
    }

    /** Ends the count of a connection registered with {@link #track}; called from its close callback. */
    void forget(WebSocketConnection connection) {
        live.remove(connection);
    }

    /**
     * Runs the close callback of {@code connection} once its open callback has finished (at once
     * for a connection that never got a session).
     */
    static void afterOpen(WebSocketConnection connection, Runnable close) {
        WsSession session = session(connection);
        if (session != null) {
            session.afterOpen(close);
        } else {
            close.run();
        }
    }

    /** The session of {@code connection}, after {@link #open}. */
    static WsSession session(WebSocketConnection connection) {
        return connection.userData().get(SESSION);
    }

    /**
     * Forgets a closed connection's session; called on its event loop. Returns the hub client the
     * connection had, or null if it never got one.
     */
    Client close(WebSocketConnection connection) {
        live.remove(connection);
        WsSession session = session(connection);
        if (session != null) {
            ((NettyLane) session.lane()).closed(session);
        }
        return connection.userData().get(CLIENT);
    }

    /** The Vert.x handler's context in the channel pipeline of {@code connection}. */
    static ChannelHandlerContext channel(WebSocketConnection connection) {
        try {
            return ((WebSocketInternal) webSocket(connection)).channelHandlerContext();
        } catch (ClassCastException e) {
            throw new IllegalStateException("cannot reach the channel of " + connection.getClass(), e);
        }
    }

    /** The Vert.x socket of {@code connection}, unwrapped. */
    static Object webSocket(WebSocketConnection connection) {
        try {
            Object socket = WEB_SOCKET.get(connection);
            // Vert.x Web wraps the socket when it knows the original host (proxy headers).
            while (WRAPPED.getDeclaringClass().isInstance(socket)) {
                socket = WRAPPED.get(socket);
            }
            return socket;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach the socket of " + connection.getClass(), e);
        }
    }

    private static Field field(String className, String name) {
        try {
            Field field = Class.forName(className).getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
