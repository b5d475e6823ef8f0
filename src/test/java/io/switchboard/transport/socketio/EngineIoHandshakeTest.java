package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Opening an Engine.IO session at {@code /socket.io/}, and the requests refused before any session
 * exists, with the reference server's status codes and JSON bodies (test profile: ping every
 * 2 s, pong within 5 s).
 */
@QuarkusTest
class EngineIoHandshakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aPollingHandshakeAnswersTheOpenPacket() throws Exception {
        RawHttp.Response response = RawHttp.get(uri, "/socket.io/?EIO=4&transport=polling&t=N8hyd6w");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(response.text()).startsWith("0{");
        JsonNode open = JSON.readTree(response.text().substring(1));
        assertThat(open.fieldNames()).toIterable().containsExactly("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.get("sid").asText()).matches("[A-Za-z0-9_-]{20}");
        assertThat(open.get("upgrades").toString()).isEqualTo("[\"websocket\"]");
        assertThat(open.get("pingInterval").asLong()).isEqualTo(2000);
        assertThat(open.get("pingTimeout").asLong()).isEqualTo(5000);
        assertThat(open.get("maxPayload").asLong()).isEqualTo(1_000_000);
    }

    @Test
    void aWebSocketHandshakeSendsTheOpenPacketWithoutUpgrades() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri, "/socket.io/?EIO=4&transport=websocket")) {
            assertThat(ws.upgraded()).as(ws.handshake).isTrue();
            String open = ws.nextText();
            assertThat(open).startsWith("0{");
            JsonNode data = JSON.readTree(open.substring(1));
            assertThat(data.get("upgrades").toString()).isEqualTo("[]");
            assertThat(data.get("pingInterval").asLong()).isEqualTo(2000);
            assertThat(data.get("maxPayload").asLong()).isEqualTo(1_000_000);
        }
    }

    @Test
    void sessionIdsDiffer() {
        String first = RawHttp.get(uri, "/socket.io/?EIO=4&transport=polling").text();
        String second = RawHttp.get(uri, "/socket.io/?EIO=4&transport=polling").text();
        assertThat(first.substring(0, 30)).isNotEqualTo(second.substring(0, 30));
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                Arguments.of("GET", "/socket.io/?transport=polling", 5, "Unsupported protocol version"),
                Arguments.of("GET", "/socket.io/?EIO=abc&transport=polling", 5, "Unsupported protocol version"),
                Arguments.of("GET", "/socket.io/?EIO=3&transport=polling", 5, "Unsupported protocol version"),
                Arguments.of("GET", "/socket.io/?EIO=4", 0, "Transport unknown"),
                Arguments.of("GET", "/socket.io/?EIO=4&transport=abc", 0, "Transport unknown"),
                Arguments.of("POST", "/socket.io/?EIO=4&transport=polling", 2, "Bad handshake method"),
                Arguments.of("PUT", "/socket.io/?EIO=4&transport=polling", 2, "Bad handshake method"),
                Arguments.of("OPTIONS", "/socket.io/?EIO=4&transport=polling", 2, "Bad handshake method"),
                Arguments.of("GET", "/socket.io/?EIO=4&transport=polling&sid=unknown", 1, "Session ID unknown"),
                Arguments.of("POST", "/socket.io/?EIO=4&transport=polling&sid=unknown", 1, "Session ID unknown"),
                Arguments.of("GET", "/socket.io/?EIO=4&transport=websocket", 3, "Bad request"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("refusedRequests")
    void badRequestsAreRefusedWith400AndTheEngineIoErrorBody(String method, String target, int code, String message) {
        RawHttp.Response response = RawHttp.exchange(uri, method, target, null, "POST".equals(method) ? new byte[0] : null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.text()).isEqualTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    static Stream<Arguments> refusedUpgrades() {
        return Stream.of(
                Arguments.of("/socket.io/?transport=websocket", "Unsupported protocol version"),
                Arguments.of("/socket.io/?EIO=abc&transport=websocket", "Unsupported protocol version"),
                Arguments.of("/socket.io/?EIO=4", "Transport unknown"),
                Arguments.of("/socket.io/?EIO=4&transport=abc", "Transport unknown"),
                Arguments.of("/socket.io/?EIO=4&transport=polling", "Bad request"),
                Arguments.of("/socket.io/?EIO=4&transport=websocket&sid=unknown", "Session ID unknown"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusedUpgrades")
    void badUpgradesAreRefusedBeforeAnyWebSocketExists(String target, String message) {
        try (RawWebSocket ws = RawWebSocket.open(uri, target)) {
            assertThat(ws.handshake).startsWith("HTTP/1.1 400");
            assertThat(ws.handshake).containsIgnoringCase("connection: close").endsWith("\r\n\r\n" + message);
        }
    }
}
