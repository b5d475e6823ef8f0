package io.switchboard.transport;

import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
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
        "io.vertx.ext.web.impl.ServerWebSocketWrapper"}, fields = true, methods = false)
public class Sessions {
    static final TypedKey<WsSession> SESSION = new TypedKey<>("switchboard.session");
    static final TypedKey<Client> CLIENT = new TypedKey<>("switchboard.client");
    static final TypedKey<Gate> GATE = new TypedKey<>("switchboard.gate");

    private static final Field WEB_SOCKET = field("io.quarkus.websockets.next.runtime.WebSocketConnectionImpl", "webSocket");
    private static final Field WRAPPED = field("io.vertx.ext.web.impl.ServerWebSocketWrapper", "delegate");

    private final ConcurrentHashMap<EventLoop, NettyLane> lanes = new ConcurrentHashMap<>();
    private final KeepAlive keepAlive;
    private final long maxPendingBytes;

    @Inject
    Sessions(SwitchboardConfig config) {
        this.keepAlive = new KeepAlive(config.keepAlive());
        this.maxPendingBytes = config.limits().maxPendingBytes();
    }

    /** Creates the session of a newly opened connection; called on its event loop. */
    WsSession open(WebSocketConnection connection) {
        ChannelHandlerContext ctx = writeContext(channel(connection));
        NettyLane lane = lanes.computeIfAbsent(ctx.channel().eventLoop(), loop -> new NettyLane(loop, keepAlive));
        WsSession session = new WsSession(connection, ctx, lane, maxPendingBytes);
        lane.opened(session);
        connection.userData().put(SESSION, session);
        return session;
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
        WsSession session = session(connection);
        if (session != null) {
            ((NettyLane) session.lane()).closed(session);
        }
        return connection.userData().get(CLIENT);
    }

    /**
     * Where finished frames enter the pipeline: at the WebSocket frame encoder, so that they pass
     * only what lies between it and the socket (TLS, when configured). Above it sit Vert.x's
     * idle-state handler, which allocates a promise and a listener for every write, and the
     * encoder, which the pre-encoded bytes do not need. Writes then do not count as activity for
     * {@code quarkus.http.idle-timeout}; the keep-alive pings make the peer answer long before.
     */
    private static ChannelHandlerContext writeContext(ChannelHandlerContext vertx) {
        ChannelHandlerContext encoder = vertx.pipeline().context(WebSocketFrameEncoder.class);
        return encoder != null ? encoder : vertx;
    }

    private static ChannelHandlerContext channel(WebSocketConnection connection) {
        try {
            Object socket = WEB_SOCKET.get(connection);
            // Vert.x Web wraps the socket when it knows the original host (proxy headers).
            while (WRAPPED.getDeclaringClass().isInstance(socket)) {
                socket = WRAPPED.get(socket);
            }
            return ((WebSocketInternal) socket).channelHandlerContext();
        } catch (IllegalAccessException | ClassCastException e) {
            throw new IllegalStateException("cannot reach the channel of " + connection.getClass(), e);
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
