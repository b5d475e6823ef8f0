package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Rooms between official clients: membership notices, messages, room broadcasts and direct messages. */
@QuarkusTest
class SocketIoClientRoomsTest extends SocketIoNodeTest {

    @Test
    void membersHearEachOtherAndOutsidersHearNothing() {
        String options = SocketIoNode.WEBSOCKET_ONLY;
        try (SocketIoNode ada = SocketIoNode.connect(uri, options); SocketIoNode bob = SocketIoNode.connect(uri, "{}");
                SocketIoNode outsider = SocketIoNode.connect(uri, options)) {
            long adaId = ada.connectedId();
            long bobId = bob.connectedId();
            outsider.connected();

            ada.emitWithAck("join", "rooms-chat");
            assertThat(bob.emitWithAck("join", "rooms-chat").get(0).get("payload").get("clients").toString())
                    .isEqualTo("[" + Math.min(adaId, bobId) + "," + Math.max(adaId, bobId) + "]");
            assertThat(ada.next().toString()).isEqualTo("{\"ev\":\"event\",\"name\":\"room:joined\",\"args\":[{\"room\":\"rooms-chat\",\"client\":" + bobId + "}]}");

            ada.emit("publish", "rooms-chat", java.util.Map.of("text", "hello"));
            String message = "{\"ev\":\"event\",\"name\":\"message\",\"args\":[{\"text\":\"hello\"},{\"room\":\"rooms-chat\",\"from\":" + adaId + ",\"offset\":1},\"2:1\"]}";
            assertThat(ada.next().toString()).isEqualTo(message);
            assertThat(bob.next().toString()).isEqualTo(message);

            bob.emit("broadcast", "others only", "rooms-chat");
            assertThat(ada.next().toString()).isEqualTo("{\"ev\":\"event\",\"name\":\"broadcast\",\"args\":[\"others only\",{\"room\":\"rooms-chat\",\"from\":" + bobId + "}]}");

            bob.emit("direct", adaId, "psst");
            assertThat(ada.next().toString()).isEqualTo("{\"ev\":\"event\",\"name\":\"direct\",\"args\":[\"psst\",{\"from\":" + bobId + "}]}");

            bob.emitWithAck("leave", "rooms-chat");
            assertThat(ada.next().toString()).isEqualTo("{\"ev\":\"event\",\"name\":\"room:left\",\"args\":[{\"room\":\"rooms-chat\",\"client\":" + bobId + "}]}");

            assertThat(bob.drain(Duration.ofMillis(300))).isEmpty();
            assertThat(outsider.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aDisconnectingMemberLeavesItsRooms() {
        String options = SocketIoNode.WEBSOCKET_ONLY;
        try (SocketIoNode stays = SocketIoNode.connect(uri, options); SocketIoNode goes = SocketIoNode.connect(uri, options)) {
            stays.connected();
            long goesId = goes.connectedId();
            stays.emitWithAck("join", "rooms-leaving");
            goes.emitWithAck("join", "rooms-leaving");
            stays.next();

            goes.disconnect();

            assertThat(stays.next().toString()).isEqualTo("{\"ev\":\"event\",\"name\":\"room:left\",\"args\":[{\"room\":\"rooms-leaving\",\"client\":" + goesId + "}]}");
            assertThat(stays.emitWithAck("presence", "rooms-leaving").get(0).get("payload").get("clients").size()).isEqualTo(1);
        }
    }
}
