package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.testing.WsClient;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.spi.context.storage.AccessMode;

/**
 * An open connection keeps nothing of its HTTP handshake: neither websockets-next's copy of the
 * request headers nor Vert.x's, nor the routing context (with the request and response) that
 * websockets-next's security support would keep, nor the local data of the upgrade's Vert.x context,
 * nor Vert.x Web's wrapper of the socket when no proxy header made it tell anything else.
 * What the connection needs afterwards (its subprotocol, its id, its room) is still there, on every
 * endpoint.
 */
@QuarkusTest
class HandshakeReleaseTest {

    @TestHTTPResource("/")
    URI uri;

    @Inject
    OpenConnections connections;

    @Test
    void openConnectionsDropTheirHandshakeHeadersAndKeepWorking() throws Exception {
        try (WsClient hub = WsClient.open(uri, "/", "switchboard.v1");
                WsClient echo = WsClient.open(uri, "/echo");
                WsClient raw = WsClient.open(uri, "/raw/handshake")) {
            long id = hub.hello();
            echo.send("first");
            assertThat(echo.next()).isEqualTo("first");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Collection<WebSocketConnection> open = connections.listAll();
                assertThat(open).extracting(WebSocketConnection::endpointId).hasSizeGreaterThanOrEqualTo(3);
                for (WebSocketConnection connection : open) {
                    assertThat(connection.handshakeRequest().headers()).as("headers of %s", connection).isEmpty();
                    assertThat(((WebSocketBase) Sessions.webSocket(connection)).headers()).as("Vert.x headers of %s", connection)
                            .isNull();
                    assertThat(routingContextOf(connection)).as("routing context kept for %s", connection).isNull();
                    assertThat(socketContextOf(connection).getLocal(ContextInternal.LOCAL_MAP, AccessMode.CONCURRENT))
                            .as("local data of the upgrade's context kept for %s", connection).isNull();
                    assertThat(socketHeldBy(connection)).as("socket held by %s", connection)
                            .isSameAs(Sessions.webSocket(connection));
                    // What comes from the socket rather than the headers stays.
                    assertThat(connection.handshakeRequest().path()).isNotEmpty();
                    assertThat(connection.handshakeRequest().host()).isEqualTo(uri.getHost());
                    assertThat(connection.handshakeRequest().remoteAddress()).contains(":");
                }
            });

            assertThat(hub.subprotocol()).isEqualTo("switchboard.v1");
            hub.send("{\"type\":\"join\",\"room\":\"handshake\",\"id\":1}");
            JsonNode joined = hub.nextJson();
            assertThat(joined.path("type").asText()).isEqualTo("joined");
            assertThat(joined.path("payload").path("clients").get(0).asLong()).isEqualTo(id);
            echo.send("second");
            assertThat(echo.next()).isEqualTo("second");
            raw.send("relayed");
            assertThat(raw.next()).isEqualTo("relayed");
        }
    }

    /** The Vert.x socket websockets-next's connection sends through. */
    private static Object socketHeldBy(WebSocketConnection connection) throws ReflectiveOperationException {
        Field socket = connection.getClass().getDeclaredField("webSocket");
        socket.setAccessible(true);
        return socket.get(connection);
    }

    /** The Vert.x context the socket of {@code connection} runs its handlers on: the upgrade request's. */
    private static ContextInternal socketContextOf(WebSocketConnection connection) throws ReflectiveOperationException {
        Field context = Class.forName("io.vertx.core.http.impl.WebSocketImplBase").getDeclaredField("context");
        context.setAccessible(true);
        return (ContextInternal) context.get(Sessions.webSocket(connection));
    }

    /** What websockets-next's security support of {@code connection} keeps of the upgrade's routing context. */
    private static Object routingContextOf(WebSocketConnection connection) throws ReflectiveOperationException {
        Field security = connection.getClass().getDeclaredField("securitySupport");
        security.setAccessible(true);
        Object support = security.get(connection);
        Field context = support.getClass().getDeclaredField("routingContext");
        context.setAccessible(true);
        return context.get(support);
    }
}
