package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

/**
 * Binary values both ways with the official client: Buffers published into a room reach Socket.IO
 * members as Buffers (over either transport), and hub clients on {@code /} as {@code {"$binary"}}
 * objects, which go the other way too.
 */
@QuarkusTest
class SocketIoClientBinaryTest extends SocketIoNodeTest {

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void buffersReachTheOtherMembersAsBuffers(String transport) {
        String room = "binary-" + transport;
        String options = "{\"transports\":[\"" + transport + "\"]}";
        try (SocketIoNode sender = SocketIoNode.connect(uri, options); SocketIoNode receiver = SocketIoNode.connect(uri, options)) {
            long from = sender.connectedId();
            receiver.connected();
            sender.emitWithAck("join", room);
            receiver.emitWithAck("join", room);
            byte[] small = {0, 1, 2, (byte) 255};
            byte[] large = bytes(300_000);
            ObjectNode payload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            payload.put("name", "picture.png");
            payload.set("thumbnail", SocketIoNode.bytes(small));
            payload.putArray("parts").add(SocketIoNode.bytes(large)).add(SocketIoNode.bytes());

            assertThat(sender.emitWithAck("publish", room, payload).toString())
                    .matches("\\[\\{\"type\":\"ack\",\"payload\":\\{\"offset\":1,\"epoch\":\"[0-9a-f]+\"}}]");

            JsonNode message = receiver.nextEvent("message");
            JsonNode received = message.get("args").get(0);
            assertThat(received.get("name").asText()).isEqualTo("picture.png");
            assertThat(SocketIoNode.bytesOf(received.get("thumbnail"))).isEqualTo(small);
            assertThat(Arrays.equals(SocketIoNode.bytesOf(received.get("parts").get(0)), large)).isTrue();
            assertThat(SocketIoNode.bytesOf(received.get("parts").get(1))).isEmpty();
            assertThat(message.get("args").get(1).toString()).isEqualTo("{\"room\":\"" + room + "\",\"from\":" + from + ",\"offset\":1}");
            // The publisher gets its own copy, binary too.
            assertThat(SocketIoNode.bytesOf(sender.nextEvent("message").get("args").get(0).get("thumbnail"))).isEqualTo(small);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void hubClientsSeeBase64AndTheirBase64ArrivesAsBuffers(String transport) {
        String room = "binary-hub-" + transport;
        try (SocketIoNode socketio = SocketIoNode.connect(uri, "{\"transports\":[\"" + transport + "\"]}"); WsClient hub = WsClient.open(uri, "/")) {
            long socketioId = socketio.connectedId();
            long hubId = SocketIoCrossProtocolChatTest.hello(hub);
            socketio.emitWithAck("join", room);
            hub.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":1}");
            JsonNode joined;
            do {
                joined = hub.nextJson();
            } while (!"joined".equals(joined.get("type").asText()));

            socketio.emit("publish", room, SocketIoNode.bytes((byte) 1, (byte) 2, (byte) 3, (byte) 4));
            JsonNode message;
            do {
                message = hub.nextJson();
            } while (!"message".equals(message.get("type").asText()));
            assertThat(message.toString()).isEqualTo("{\"type\":\"message\",\"room\":\"" + room + "\",\"from\":" + socketioId
                    + ",\"offset\":1,\"payload\":{\"$binary\":\"AQIDBA==\"}}");

            hub.send("{\"type\":\"publish\",\"room\":\"" + room + "\",\"payload\":{\"data\":{\"$binary\":\"BQYH\"}}}");
            JsonNode fromHub = socketio.await(r -> "message".equals(r.path("name").asText())
                    && r.get("args").get(1).get("from").asLong() == hubId);
            assertThat(SocketIoNode.bytesOf(fromHub.get("args").get(0).get("data"))).containsExactly(5, 6, 7);
        }
    }
}
