package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/** The official socket.io-client over each transport: long-polling with upgrade, WebSocket only, long-polling only. */
@QuarkusTest
class SocketIoClientTransportsTest extends SocketIoNodeTest {

    @Test
    void theDefaultTransportsStartWithPollingAndUpgradeToWebSocket() {
        try (SocketIoNode client = SocketIoNode.connect(uri, "{}")) {
            assertThat(client.await(r -> "open".equals(r.path("ev").asText())).get("transport").asText()).isEqualTo("polling");
            JsonNode connect = client.connected();
            assertThat(connect.get("id").asText()).matches("\\d+");
            assertThat(connect.get("recovered").asBoolean()).isFalse();

            assertThat(client.await(r -> "upgrade".equals(r.path("ev").asText())).get("transport").asText()).isEqualTo("websocket");
            assertThat(client.emitWithAck("presence", "lobby").get(0).get("type").asText()).isEqualTo("presence");
        }
    }

    @Test
    void aWebSocketOnlyClientConnectsOverWebSocket() {
        try (SocketIoNode client = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            JsonNode connect = client.connected();
            assertThat(connect.get("transport").asText()).isEqualTo("websocket");
            assertThat(client.emitWithAck("hello").get(0).get("payload").get("client").asLong()).isEqualTo(connect.get("id").asLong());
        }
    }

    @Test
    void aPollingOnlyClientStaysOnPollingAndReceivesPushes() {
        try (SocketIoNode client = SocketIoNode.connect(uri, "{\"transports\":[\"polling\"]}")) {
            JsonNode connect = client.connected();
            assertThat(connect.get("transport").asText()).isEqualTo("polling");
            assertThat(client.emitWithAck("join", "polling-only").get(0).get("type").asText()).isEqualTo("joined");
            client.emit("publish", "polling-only", "over polling");

            JsonNode message = client.nextEvent("message");
            assertThat(message.get("args").toString())
                    .isEqualTo("[\"over polling\",{\"room\":\"polling-only\",\"from\":" + connect.get("id").asLong() + ",\"offset\":1},\"2:1\"]");
            // Two ping rounds (2 s in tests) pass over polling without a disconnect.
            assertThat(client.drain(Duration.ofMillis(4500))).isEmpty();
            assertThat(client.emitWithAck("presence", "polling-only").get(0).get("payload").get("clients").toString())
                    .isEqualTo("[" + connect.get("id").asLong() + "]");
        }
    }

    @Test
    void everyClientReceivesTheServerTimeAsTheDateToTimeStringPayload() {
        try (SocketIoNode client = SocketIoNode.connect(uri, "{}")) {
            client.connected();
            JsonNode time = client.await(SocketIoNode::isFeed);
            assertThat(time.get("args").get(0).asText()).matches("\\d{2}:\\d{2}:\\d{2} GMT[+-]\\d{4} \\(.+\\)");
        }
    }

    @Test
    void anUnknownNamespaceIsAConnectError() {
        try (SocketIoNode client = SocketIoNode.connect(URI.create(uri + "admin"), "{}")) {
            JsonNode error = client.await(r -> "connect_error".equals(r.path("ev").asText()));
            assertThat(error.get("message").asText()).isEqualTo("Invalid namespace");
        }
    }
}
