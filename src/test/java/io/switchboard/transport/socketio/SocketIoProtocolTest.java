package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Socket.IO v5 over a raw WebSocket: connecting to namespaces, the CONNECT payload, events and
 * acks through the hub, and the packets that close the connection.
 */
@QuarkusTest
class SocketIoProtocolTest {

    @TestHTTPResource("/")
    URI uri;

    @Inject
    SocketIoServer server;

    private RawWebSocket open() {
        return EngineIoWebSocketTest.opened(uri);
    }

    private static String next(RawWebSocket ws) {
        return EngineIoWebSocketTest.next(ws);
    }

    @Test
    void theMainNamespaceAnswersWithTheSocketIdAndAPrivateSessionId() {
        try (RawWebSocket ws = open()) {
            ws.sendText("40");
            assertThat(next(ws)).matches(PollingClient.CONNECT);
        }
    }

    @Test
    void theConnectPayloadIsKeptWithTheSocket() {
        try (RawWebSocket ws = open()) {
            ws.sendText("40{\"token\":\"123\",\"user\":{\"name\":\"ada\"}}");
            long id = PollingClient.socketId(next(ws));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.socket(id))
                    .hasValueSatisfying(socket -> assertThat(socket.auth().toString())
                            .isEqualTo("{\"token\":\"123\",\"user\":{\"name\":\"ada\"}}")));
        }
    }

    @Test
    void aSocketWithoutConnectPayloadHasAnEmptyOne() {
        try (RawWebSocket ws = open()) {
            ws.sendText("40");
            long id = PollingClient.socketId(next(ws));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.socket(id))
                    .hasValueSatisfying(socket -> assertThat(socket.auth().toString()).isEqualTo("{}")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"40/random", "40/custom,", "40/admin,{\"token\":\"abc\"}"})
    void anUnknownNamespaceIsRefusedExactlyAsTheReferenceServerDoes(String connect) {
        try (RawWebSocket ws = open()) {
            ws.sendText(connect);
            String namespace = connect.substring(2).split(",")[0];
            assertThat(next(ws)).isEqualTo("44" + namespace + ",{\"message\":\"Invalid namespace\"}");
            // The connection stays usable for the main namespace.
            ws.sendText("40");
            assertThat(next(ws)).startsWith("40{\"sid\":");
        }
    }

    @Test
    void everySocketReceivesTheServerTimeFeed() {
        try (RawWebSocket ws = open()) {
            ws.sendText("40");
            next(ws);
            String event;
            do {
                event = ws.nextText();
            } while (!event.startsWith(PollingClient.FEED));
            assertThat(event).matches("42\\[\"api:server-time\",\"\\d{2}:\\d{2}:\\d{2} GMT[+-]\\d{4} \\(.+\\)\",\\{\"room\":\"server-time\"}]");
        }
    }

    @Test
    void eventsAreHubRequestsAndRepliesComeBackAsAcks() {
        try (RawWebSocket ws = open()) {
            ws.sendText("40");
            long id = PollingClient.socketId(next(ws));

            ws.sendText("4217[\"hello\"]");
            assertThat(next(ws)).isEqualTo("4317[{\"type\":\"welcome\",\"payload\":{\"client\":" + id
                    + ",\"rooms\":[\"lobby\",\"server-time\"],\"version\":\"0.1.0-SNAPSHOT\"}}]");

            ws.sendText("4218[\"publish\",\"not-joined\",1]");
            assertThat(next(ws)).isEqualTo("4318[{\"error\":{\"code\":\"not_member\",\"message\":\"not a member of \\\"not-joined\\\"\"}}]");

            ws.sendText("42[\"publish\",\"server-time\",1]");
            assertThat(next(ws)).isEqualTo("42[\"error\",{\"code\":\"forbidden\",\"message\":\"\\\"server-time\\\" is a feed room: nobody publishes into it\"}]");

            ws.sendText("4219[\"message\",1,\"2\",{\"3\":[true]}]");
            assertThat(next(ws)).isEqualTo("4319[{\"error\":{\"code\":\"unknown_type\",\"message\":\"unknown type \\\"message\\\"\"}}]");
        }
    }

    @Test
    void binaryAttachmentsWithAnAckAreReassembledBeforeTheRequest() {
        try (RawWebSocket ws = open()) {
            ws.sendText("40");
            next(ws);
            EngineIoWebSocketTest.join(ws, "attachments");

            ws.sendText("452-789[\"publish\",\"attachments\",[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]]");
            ws.sendBinary(new byte[] {1, 2, 3});
            ws.sendBinary(new byte[] {4, 5, 6});

            assertThat(next(ws)).matches("452-\\[\"message\",\\[\\{\"_placeholder\":true,\"num\":0},\\{\"_placeholder\":true,\"num\":1}],"
                    + "\\{\"room\":\"attachments\",\"from\":\\d+,\"offset\":1},\"2:1\"]");
            assertThat(ws.read().payload()).containsExactly(1, 2, 3);
            assertThat(ws.read().payload()).containsExactly(4, 5, 6);
            assertThat(next(ws)).matches("43789\\[\\{\"type\":\"ack\",\"payload\":\\{\"offset\":1,\"epoch\":\"[0-9a-f]+\"}}]");
        }
    }

    @Test
    void aDisconnectLeavesTheHubAndKeepsTheConnectionForAnotherConnect() {
        try (RawWebSocket ws = open(); RawWebSocket other = open()) {
            other.sendText("40");
            next(other);
            ws.sendText("40");
            long first = PollingClient.socketId(next(ws));
            EngineIoWebSocketTest.awaitText(other, "42[\"client:connected\",\"Client " + first + " connected\",{\"client\":" + first + "}]");

            ws.sendText("41");
            EngineIoWebSocketTest.awaitText(other, "42[\"client:disconnected\",\"Client " + first + " disconnected\",{\"client\":" + first + "}]");
            // A feed event sent before the DISCONNECT was read may still arrive; after that, nothing
            // but pings for several feed intervals (300 ms in tests).
            while (ws.readOrNull(Duration.ofMillis(400)) != null) {
                // draining what was in flight
            }
            long quietUntil = System.nanoTime() + Duration.ofMillis(1000).toNanos();
            while (System.nanoTime() < quietUntil) {
                RawWebSocket.Frame frame = ws.readOrNull(Duration.ofMillis(200));
                if (frame != null) {
                    assertThat(frame.text()).isEqualTo("2");
                    ws.sendText("3");
                }
            }

            ws.sendText("40");
            long second = PollingClient.socketId(next(ws));
            assertThat(second).isNotEqualTo(first);
        }
    }

    @Test
    void anAckForNothingTheServerAskedIsIgnored() {
        try (RawWebSocket ws = open()) {
            ws.sendText("40");
            next(ws);
            ws.sendText("4399[\"unexpected\"]");
            ws.sendText("421[\"presence\",\"lobby\"]");
            assertThat(next(ws)).startsWith("431[{\"type\":\"presence\"");
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "4abc",
        "42{}",
        "42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
        "42[]",
        "42[\"disconnect\"]",
        "40",
        "44{\"message\":\"from a client\"}",
        "451-[\"x\",{\"_placeholder\":true,\"num\":3}]"})
    void aMalformedOrMisplacedPacketClosesTheConnection(String packet) {
        try (RawWebSocket ws = open()) {
            ws.sendText("40");
            next(ws);
            ws.sendText(packet);
            if (packet.startsWith("451-")) {
                ws.sendBinary(new byte[] {1});
            }
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(1008);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"42[\"hello\"]", "41", "43[1]", "4abc"})
    void anythingButConnectFirstClosesTheConnection(String packet) {
        try (RawWebSocket ws = open()) {
            ws.sendText(packet);
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(1008);
        }
    }

    @Test
    void aMalformedPacketClosesOnlyItsOwnConnection() {
        try (RawWebSocket bystander = open(); RawWebSocket bad = open()) {
            bystander.sendText("40");
            next(bystander);
            bad.sendText("40");
            long badId = PollingClient.socketId(next(bad));
            EngineIoWebSocketTest.awaitText(bystander, "42[\"client:connected\",\"Client " + badId + " connected\",{\"client\":" + badId + "}]");

            bad.sendText("42{}");

            assertThat(bad.readUntilClose().closeCode()).isEqualTo(1008);
            EngineIoWebSocketTest.awaitText(bystander, "42[\"client:disconnected\",\"Client " + badId + " disconnected\",{\"client\":" + badId + "}]");
            bystander.sendText("421[\"presence\",\"lobby\"]");
            assertThat(next(bystander)).startsWith("431[{\"type\":\"presence\"");
        }
    }
}
