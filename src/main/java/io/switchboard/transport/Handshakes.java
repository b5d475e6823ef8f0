package io.switchboard.transport;

import java.lang.reflect.Field;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Lets an open WebSocket drop what it kept of its HTTP handshake. Vert.x keeps the request's
 * headers and the handshaker (with the endpoint URL and the list of subprotocols split anew for
 * each request) in the socket, and websockets-next keeps a lower-cased copy of the headers in
 * the connection's {@code HandshakeRequest}; with the security extension present (it comes with
 * the token parser), websockets-next's {@code SecuritySupport} keeps the handshake's whole Vert.x
 * Web {@code RoutingContext}, and through it the HTTP request and response with both header maps.
 * Together about 4 KB of objects per connection that nothing reads once the connection is open.
 * There is no setting for it, so the fields are cleared here, once the endpoint's open callback
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
 * frames.</li>
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

    private Handshakes() {
    }

    /** Clears what {@code connection} keeps of its handshake. Called once its open callback has finished. */
    static void release(WebSocketConnection connection) {
        Object socket = Sessions.webSocket(connection);
        clear(SOCKET_HEADERS, socket, null);
        clear(HANDSHAKER, socket, null);
        clear(REQUEST_HEADERS, connection.handshakeRequest(), Map.of());
        clear(ROUTING_CONTEXT, read(SECURITY, connection), null);
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
