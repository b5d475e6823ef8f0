package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

/**
 * A plain WebSocket client on {@code /} and the official Socket.IO client chat with each other:
 * arrival notices, lobby broadcasts both ways, departure notices.
 */
@QuarkusTest
class SocketIoCrossProtocolChatTest extends SocketIoNodeTest {

    /** The next frame of {@code type} about {@code client} (or from it), skipping others' traffic. */
    static JsonNode nextAbout(WsClient plain, String type, long client) {
        JsonNode frame;
        do {
            frame = plain.nextJson();
        } while (!type.equals(frame.get("type").asText())
                || frame.path("client").asLong(frame.path("from").asLong()) != client);
        return frame;
    }

    /** {@code hello} on a client that may hear others' notices first; returns its id. */
    static long hello(WsClient plain) {
        plain.send("{\"type\":\"hello\",\"id\":\"hello\"}");
        JsonNode frame;
        do {
            frame = plain.nextJson();
        } while (!"welcome".equals(frame.get("type").asText()));
        return frame.get("payload").get("client").asLong();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"websocket\"]", "[\"polling\"]", "[\"polling\",\"websocket\"]"})
    void aWebSocketClientAndASocketIoClientChat(String transports) {
        try (WsClient plain = WsClient.open(uri, "/")) {
            long plainId = hello(plain);
            long socketioId;
            try (SocketIoNode socketio = SocketIoNode.connect(uri, "{\"transports\":" + transports + "}")) {
                socketioId = socketio.connectedId();
                assertThat(nextAbout(plain, "client:connected", socketioId).toString())
                        .isEqualTo("{\"type\":\"client:connected\",\"payload\":\"Client " + socketioId + " connected\",\"client\":" + socketioId + "}");

                plain.send("{\"type\":\"broadcast\",\"payload\":{\"text\":\"hi from ws\"}}");
                JsonNode heard = socketio.await(r -> "broadcast".equals(r.path("name").asText()));
                assertThat(heard.get("args").toString()).isEqualTo("[{\"text\":\"hi from ws\"},{\"from\":" + plainId + "}]");

                socketio.emit("broadcast", java.util.Map.of("text", "hi from socket.io"));
                assertThat(nextAbout(plain, "broadcast", socketioId).toString())
                        .isEqualTo("{\"type\":\"broadcast\",\"payload\":{\"text\":\"hi from socket.io\"},\"from\":" + socketioId + "}");

                WsClient late = WsClient.open(uri, "/");
                long lateId = hello(late);
                JsonNode arrived = socketio.await(r -> "client:connected".equals(r.path("name").asText())
                        && r.get("args").get(1).get("client").asLong() == lateId);
                assertThat(arrived.get("args").get(0).asText()).isEqualTo("Client " + lateId + " connected");
                late.close();
                JsonNode left = socketio.await(r -> "client:disconnected".equals(r.path("name").asText())
                        && r.get("args").get(1).get("client").asLong() == lateId);
                assertThat(left.get("args").toString()).isEqualTo("[\"Client " + lateId + " disconnected\",{\"client\":" + lateId + "}]");
            }
            assertThat(nextAbout(plain, "client:disconnected", socketioId).toString())
                    .isEqualTo("{\"type\":\"client:disconnected\",\"payload\":\"Client " + socketioId + " disconnected\",\"client\":" + socketioId + "}");
        }
    }
}
