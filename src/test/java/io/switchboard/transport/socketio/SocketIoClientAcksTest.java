package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Acknowledgements with the official client: every request emitted with a callback gets the hub's
 * reply as the callback's one argument, errors as {@code {error:{code,message}}}.
 */
@QuarkusTest
class SocketIoClientAcksTest extends SocketIoNodeTest {

    @Test
    void everyRequestIsAcknowledgedWithTheHubsReply() {
        try (SocketIoNode client = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            long id = client.connectedId();

            assertThat(client.emitWithAck("hello").toString()).isEqualTo("[{\"type\":\"welcome\",\"payload\":{\"client\":" + id
                    + ",\"rooms\":[\"lobby\",\"server-time\"],\"version\":\"0.1.0-SNAPSHOT\"}}]");
            assertThat(client.emitWithAck("join", "acks").toString())
                    .matches("\\[\\{\"type\":\"joined\",\"room\":\"acks\",\"payload\":\\{\"clients\":\\[" + id + "],\"offset\":0,\"epoch\":\"[0-9a-f]+\",\"state\":\\{}}}]");
            assertThat(client.emitWithAck("presence", "acks").toString())
                    .isEqualTo("[{\"type\":\"presence\",\"room\":\"acks\",\"payload\":{\"clients\":[" + id + "]}}]");
            assertThat(client.emitWithAck("publish", "acks", "hi").toString())
                    .matches("\\[\\{\"type\":\"ack\",\"payload\":\\{\"offset\":1,\"epoch\":\"[0-9a-f]+\"}}]");
            assertThat(client.emitWithAck("broadcast", "to the lobby").toString()).isEqualTo("[{\"type\":\"ack\"}]");
            assertThat(client.emitWithAck("broadcast", "to the room", "acks").toString()).isEqualTo("[{\"type\":\"ack\"}]");
            assertThat(client.emitWithAck("direct", id, "to myself").toString()).isEqualTo("[{\"type\":\"ack\"}]");
            assertThat(client.emitWithAck("leave", "acks").toString()).isEqualTo("[{\"type\":\"left\",\"room\":\"acks\"}]");
        }
    }

    @Test
    void refusedRequestsAreAcknowledgedWithAnError() {
        try (SocketIoNode client = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            client.connected();

            assertThat(client.emitWithAck("publish", "nowhere", 1).toString())
                    .isEqualTo("[{\"error\":{\"code\":\"not_member\",\"message\":\"not a member of \\\"nowhere\\\"\"}}]");
            assertThat(client.emitWithAck("join", "a b").toString())
                    .isEqualTo("[{\"error\":{\"code\":\"bad_room\",\"message\":\"a room name is 1-64 characters of A-Z a-z 0-9 . _ : -\"}}]");
            assertThat(client.emitWithAck("join", 42).toString())
                    .isEqualTo("[{\"error\":{\"code\":\"bad_room\",\"message\":\"\\\"room\\\" must be a string\"}}]");
            assertThat(client.emitWithAck("leave", "lobby").toString())
                    .isEqualTo("[{\"error\":{\"code\":\"forbidden\",\"message\":\"the lobby cannot be left\"}}]");
            assertThat(client.emitWithAck("direct", 999999, "x").toString())
                    .isEqualTo("[{\"error\":{\"code\":\"no_such_client\",\"message\":\"no client 999999\"}}]");
            assertThat(client.emitWithAck("publish", "server-time", 1).toString())
                    .isEqualTo("[{\"error\":{\"code\":\"forbidden\",\"message\":\"\\\"server-time\\\" is a feed room: nobody publishes into it\"}}]");
            assertThat(client.emitWithAck("subscribe", "x").toString())
                    .isEqualTo("[{\"error\":{\"code\":\"unknown_type\",\"message\":\"unknown type \\\"subscribe\\\"\"}}]");
            // The socket keeps working after every refusal.
            assertThat(client.emitWithAck("presence", "lobby").get(0).get("type").asText()).isEqualTo("presence");
        }
    }

    @Test
    void aRefusalWithoutAnAckComesAsAnErrorEvent() {
        try (SocketIoNode client = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            client.connected();

            client.emit("publish", "nowhere", 1);

            assertThat(client.nextEvent("error").get("args").toString())
                    .isEqualTo("[{\"code\":\"not_member\",\"message\":\"not a member of \\\"nowhere\\\"\"}]");
        }
    }

    @Test
    void acksComeBackInOrderOverPolling() {
        try (SocketIoNode client = SocketIoNode.connect(uri, "{\"transports\":[\"polling\"]}")) {
            client.connected();
            for (int i = 0; i < 20; i++) {
                client.emit("join", "order-" + i);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(client.next().get("args").get(1).get("room").asText()).isEqualTo("order-" + i);
            }
        }
    }
}
