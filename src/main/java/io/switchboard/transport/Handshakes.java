package io.switchboard.transport;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.spi.context.storage.AccessMode;

/**
 * Lets an open WebSocket drop what it kept of its HTTP handshake. Vert.x keeps the request's
 * headers and the handshaker (with the endpoint URL and the list of subprotocols split anew for
 * each request) in the socket, and websockets-next keeps a lower-cased copy of the headers in
 * the connection's {@code HandshakeRequest}; with the security extension present (it comes with
 * the token parser), websockets-next's {@code SecuritySupport} keeps the handshake's whole Vert.x
 * Web {@code RoutingContext}, and through it the HTTP request and response with both header maps.
 * Together about 4 KB of objects per connection that nothing reads once the connection is open.
 * The upgrade request's Vert.x duplicated context (the socket's own) stays too, for as long as the
 * socket, with a map of local data (about 200 bytes with its table) holding only what the upgrade
 * needed: Quarkus's context-safety flag and the route. Every callback of the endpoint runs on a
 * duplicated context of its own. And Vert.x Web
 * hands websockets-next the socket in a wrapper that answers the host, scheme and client address
 * the proxy headers give ({@code quarkus.http.proxy.*}), with copies of its own of the host and
 * authority even when no proxy header changed them (about 180 bytes).
 * There is no setting for any of it, so it is cleared here, once the endpoint's open callback
 * has finished:
 * <ul>
 * <li>the Vert.x socket's headers become null, which is what {@code WebSocketBase.headers()}
 * documents for every call after the handler that got the socket;</li>
 * <li>the handshaker is only read while the handshake is written, before the socket is handed
 * out;</li>
 * <li>{@code HandshakeRequest.headers()} and {@code header(name)} answer empty from then on;
 * the upgrade checks and the open callbacks, which read them, have run by then;</li>
 * <li>the security support forgets the routing context: it only serves a Quarkus
 * {@code SecurityIdentity} of the upgrade (deferred, or renewed through {@code WebSocketSecurity}),
 * which the hub does not use: its tokens are checked by its own upgrade check and {@code auth}
 * frames;</li>
 * <li>websockets-next's connection and its handshake request hold the socket itself instead of
 * the wrapper, when the wrapper answers exactly what the socket does (no proxy header changed the
 * host, scheme or address); every other call the wrapper only passes on;</li>
 * <li>the upgrade's context drops its local data, in a task queued behind the open callback (a
 * later read starts an empty map). The open callback's own context is left alone: websockets-next
 * ends its request context there once the callback's result arrives, on whichever thread that
 * is. The event loop's own context, which every connection of the loop shares, is never
 * touched.</li>
 * </ul>
 * Where a field cannot be reached (another Vert.x or Quarkus version, a native image without
 * write access), the connection simply keeps it.
 */
final class Handshakes {
    private static final Logger LOG = Logger.getLogger(Handshakes.class);

    private static final Field SOCKET_HEADERS = field("io.vertx.core.http.impl.WebSocketImplBase", "headers");
    private static final Field HANDSHAKER = field("io.vertx.core.http.impl.ServerWebSocketImpl", "handshaker");
    private static final Field REQUEST_HEADERS = field(
            "io.quarkus.websockets.next.runtime.WebSocketConnectionImpl$HandshakeRequestImpl", "headers");
    private static final Field SECURITY = field("io.quarkus.websockets.next.runtime.WebSocketConnectionImpl",
            "securitySupport");
    private static final Field ROUTING_CONTEXT = field("io.quarkus.websockets.next.runtime.SecuritySupport",
            "routingContext");
    private static final Field SOCKET_CONTEXT = field("io.vertx.core.http.impl.WebSocketImplBase", "context");
    private static final Field CONNECTION_SOCKET = field("io.quarkus.websockets.next.runtime.WebSocketConnectionImpl",
            "webSocket");
    private static final Field REQUEST_SOCKET = field(
            "io.quarkus.websockets.next.runtime.WebSocketConnectionImpl$HandshakeRequestImpl", "webSocket");

    private Handshakes() {
    }

    /** Clears what {@code connection} keeps of its handshake. Called on its event loop once its open callback has finished. */
    static void release(WebSocketConnection connection) {
        Object socket = Sessions.webSocket(connection);
        clear(SOCKET_HEADERS, socket, null);
        clear(HANDSHAKER, socket, null);
        clear(REQUEST_HEADERS, connection.handshakeRequest(), Map.of());
        clear(ROUTING_CONTEXT, read(SECURITY, connection), null);
        if (read(CONNECTION_SOCKET, connection) instanceof ServerWebSocket wrapper && wrapper != socket
                && socket instanceof ServerWebSocket plain && sameView(wrapper, plain)) {
            clear(CONNECTION_SOCKET, connection, plain);
            clear(REQUEST_SOCKET, connection.handshakeRequest(), plain);
        }
        Object socketContext = read(SOCKET_CONTEXT, socket);
        Sessions.channel(connection).executor().execute(() -> dropLocalData(socketContext));
    }

    /** Whether {@code wrapper} tells the same host, authority, scheme and client address as {@code socket}. */
    private static boolean sameView(ServerWebSocket wrapper, ServerWebSocket socket) {
        HostAndPort a = wrapper.authority();
        HostAndPort b = socket.authority();
        boolean sameAuthority = a == null ? b == null : b != null && a.host().equals(b.host()) && a.port() == b.port();
        return sameAuthority && wrapper.isSsl() == socket.isSsl() && Objects.equals(wrapper.scheme(), socket.scheme())
                && Objects.equals(wrapper.host(), socket.host())
                && Objects.equals(wrapper.remoteAddress(), socket.remoteAddress());
    }

    /** Removes the local data map of a duplicated context; any other context keeps it. */
    private static void dropLocalData(Object context) {
        if (context instanceof ContextInternal internal && internal.isDuplicate()) {
            internal.removeLocal(ContextInternal.LOCAL_MAP, AccessMode.CONCURRENT);
        }
    }

    private static Object read(Field field, Object target) {
        if (field == null || !field.getDeclaringClass().isInstance(target)) {
            return null;
        }
        try {
            return field.get(target);
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debugf("cannot read %s: %s", field, e);
            return null;
        }
    }

    private static void clear(Field field, Object target, Object value) {
        if (field == null || !field.getDeclaringClass().isInstance(target)) {
            return;
        }
        try {
            field.set(target, value);
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debugf("cannot clear %s: %s", field, e);
        }
    }

    private static Field field(String className, String name) {
        try {
            Field field = Class.forName(className).getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("handshake field %s.%s not found: connections keep it (%s)", className, name, e);
            return null;
        }
    }
}
