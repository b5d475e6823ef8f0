package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Connection state recovery with the official client: a socket whose connection drops comes back
 * with {@code socket.recovered === true}, its socket id, its rooms and every kept message it missed,
 * once each and in each room's order; a socket that cannot be recovered starts afresh.
 */
@QuarkusTest
class SocketIoClientRecoveryTest extends SocketIoNodeTest {

    @Test
    void aDroppedSocketComesBackWithItsIdRoomsAndEveryMissedMessageOnce() {
        try (SocketIoNode ada = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY); SocketIoNode bob = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            JsonNode first = ada.connected();
            assertThat(first.get("recovered").asBoolean()).isFalse();
            assertThat(first.get("pid").asText()).matches("[A-Za-z0-9_-]{20}");
            bob.connected();
            for (SocketIoNode client : List.of(ada, bob)) {
                client.emitWithAck("join", "recover-a");
                client.emitWithAck("join", "recover-b");
            }

            bob.emitWithAck("publish", "recover-a", "a1");
            bob.emitWithAck("publish", "recover-b", "b1");
            // The last argument is the socket's delivery vector: slot:offset of each room with messages.
            assertThat(args(ada.nextEvent("message"))).endsWith("\"a1\",{\"room\":\"recover-a\",\"from\":" + bob.id() + ",\"offset\":1},\"2:1\"]");
            assertThat(args(ada.nextEvent("message"))).endsWith("\"b1\",{\"room\":\"recover-b\",\"from\":" + bob.id() + ",\"offset\":1},\"2:1,3:1\"]");

            ada.drop(false);
            bob.emitWithAck("publish", "recover-a", "a2");
            bob.emitWithAck("publish", "recover-b", "b2");
            bob.emitWithAck("publish", "recover-a", "a3");
            ada.connectAgain();

            JsonNode again = ada.connected();
            assertThat(again.get("recovered").asBoolean()).isTrue();
            assertThat(again.get("id").asText()).isEqualTo(first.get("id").asText());
            assertThat(again.get("pid").asText()).isEqualTo(first.get("pid").asText());
            // What the client presented: the offset of the last event it had.
            assertThat(again.get("offset").asText()).isEqualTo("2:1,3:1");

            // Room by room, in offset order: a2 and a3, then b2.
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                missed.add(args(ada.nextEvent("message")));
            }
            assertThat(missed).containsExactly(
                    "[\"a2\",{\"room\":\"recover-a\",\"from\":" + bob.id() + ",\"offset\":2},\"2:2,3:1\"]",
                    "[\"a3\",{\"room\":\"recover-a\",\"from\":" + bob.id() + ",\"offset\":3},\"2:3,3:1\"]",
                    "[\"b2\",{\"room\":\"recover-b\",\"from\":" + bob.id() + ",\"offset\":2},\"2:3,3:2\"]");

            // The rooms are back: presence has the same id, live messages flow, nothing came twice.
            assertThat(ada.emitWithAck("presence", "recover-b").get(0).get("payload").get("clients").toString())
                    .isEqualTo("[" + Math.min(ada.id(), bob.id()) + "," + Math.max(ada.id(), bob.id()) + "]");
            bob.emitWithAck("publish", "recover-b", "b3");
            assertThat(args(ada.nextEvent("message")))
                    .isEqualTo("[\"b3\",{\"room\":\"recover-b\",\"from\":" + bob.id() + ",\"offset\":3},\"2:3,3:3\"]");
            assertThat(ada.drain(Duration.ofMillis(500))).noneMatch(r -> "message".equals(r.path("name").asText()));
        }
    }

    @Test
    void aPollingSocketThatReconnectsByItselfIsRecoveredTwice() {
        String options = "{\"reconnection\":true,\"reconnectionDelay\":100,\"reconnectionDelayMax\":100}";
        try (SocketIoNode ada = SocketIoNode.connect(uri, options); SocketIoNode bob = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            String id = ada.connected().get("id").asText();
            bob.connected();
            ada.emitWithAck("join", "recover-auto");
            bob.emitWithAck("join", "recover-auto");

            for (int round = 1; round <= 2; round++) {
                ada.drop(true);
                JsonNode again = ada.connected();
                assertThat(again.get("recovered").asBoolean()).as("round %d", round).isTrue();
                assertThat(again.get("id").asText()).isEqualTo(id);

                bob.emitWithAck("publish", "recover-auto", "after drop " + round);
                assertThat(ada.nextEvent("message").get("args").get(0).asText()).isEqualTo("after drop " + round);
            }
        }
    }

    @Test
    void aSocketThatDisconnectedOnPurposeStartsAfresh() {
        try (SocketIoNode ada = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY); SocketIoNode bob = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            JsonNode first = ada.connected();
            bob.connected();
            ada.emitWithAck("join", "recover-bye");

            ada.disconnect();
            ada.await(r -> "disconnect".equals(r.path("ev").asText()));
            // The goodbye and the next CONNECT travel on different connections: reconnect once the
            // server has handled the goodbye (the socket has left the room), as a user who left would.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bob.emitWithAck("presence", "recover-bye")
                    .get(0).get("payload").get("clients").isEmpty());
            ada.connectAgain();

            JsonNode again = ada.connected();
            assertThat(again.get("recovered").asBoolean()).isFalse();
            assertThat(again.get("id").asText()).isNotEqualTo(first.get("id").asText());
            assertThat(again.get("pid").asText()).isNotEqualTo(first.get("pid").asText());
            assertThat(ada.emitWithAck("presence", "recover-bye").get(0).get("payload").get("clients").toString())
                    .isEqualTo("[]");
        }
    }

    @Test
    void anUnknownPidGetsAFreshSession() {
        try (SocketIoNode ada = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            JsonNode first = ada.connected();
            ada.emitWithAck("join", "recover-unknown");
            ada.emitWithAck("publish", "recover-unknown", "seen");

            ada.drop(false);
            ada.presentPid("AAAAAAAAAAAAAAAAAAAA");
            ada.connectAgain();

            JsonNode again = ada.connected();
            assertThat(again.get("recovered").asBoolean()).isFalse();
            assertThat(again.get("id").asText()).isNotEqualTo(first.get("id").asText());
            assertThat(again.get("pid").asText()).isNotIn("AAAAAAAAAAAAAAAAAAAA", first.get("pid").asText());
            assertThat(ada.emitWithAck("presence", "recover-unknown").get(0).get("payload").get("clients").toString())
                    .isEqualTo("[]");
        }
    }

    private static String args(JsonNode event) {
        return event.get("args").toString();
    }
}
