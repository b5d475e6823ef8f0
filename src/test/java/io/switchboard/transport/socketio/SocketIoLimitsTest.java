package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.security.LimitsProfile;

/**
 * The origin allowlist, rate limits and connection limits for Socket.IO clients
 * ({@link LimitsProfile}: 20 packets per second in bursts of 40, 30 refusals tolerated, 20 open
 * connections per address): checked on the Engine.IO handshake and on every packet, with the
 * answers of {@code /} in Socket.IO form.
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
class SocketIoLimitsTest extends SocketIoNodeTest {
    private static final String HANDSHAKE = "/socket.io/?EIO=4&transport=polling";
    private static final String WS_HANDSHAKE = "/socket.io/?EIO=4&transport=websocket";
    private static final String RATE_LIMITED = "{\"code\":\"rate_limited\",\"message\":\"rate limit exceeded: the frame was not handled; slow down\"}";

    private RawHttp.Response handshake(String from, String... headers) {
        try (RawHttp http = RawHttp.connect(uri, from)) {
            return http.send("GET", HANDSHAKE, null, null, headers).read();
        }
    }

    @Test
    void aForeignOriginIsRefusedWith403OnTheHandshake() {
        RawHttp.Response polling = handshake(null, "Origin: https://evil.example.com");
        assertThat(polling.status()).isEqualTo(403);
        assertThat(polling.text()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
        try (RawWebSocket ws = RawWebSocket.open(uri, WS_HANDSHAKE, "Origin: https://evil.example.com")) {
            assertThat(ws.handshake).startsWith("HTTP/1.1 403");
            assertThat(ws.handshake).endsWith("Forbidden");
        }
        assertThat(handshake(null, "Origin: https://APP.example.com/").status()).isEqualTo(200);
        assertThat(handshake(null).status()).isEqualTo(200);
        try (RawWebSocket ws = RawWebSocket.open(uri, WS_HANDSHAKE, "Origin: http://localhost:8080")) {
            assertThat(ws.upgraded()).isTrue();
        }
    }

    @Test
    void anEmitPastTheLimitGetsARateLimitedAck() {
        try (SocketIoNode client = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            client.connected();
            // 60: past the burst of 40, within the tolerance of 30 refusals.
            List<JsonNode> replies = client.flood("hello", 60);
            assertThat(replies.get(0).get("type").asText()).isEqualTo("welcome");
            List<JsonNode> refused = replies.stream().filter(r -> r.has("error")).toList();
            assertThat(refused).isNotEmpty();
            assertThat(refused).allSatisfy(r -> assertThat(r.get("error").toString()).isEqualTo(RATE_LIMITED));
            assertThat(replies).allSatisfy(r -> assertThat(r.has("error") || "welcome".equals(r.path("type").asText())).isTrue());
            // The socket is still served once it slows down.
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                    .until(() -> "welcome".equals(client.emitWithAck("hello").get(0).path("type").asText()));
        }
    }

    @Test
    void onTheWireARefusedEventIsAnErrorAckOrAnErrorEventAndFloodingCloses() {
        try (RawWebSocket ws = RawWebSocket.open(uri, WS_HANDSHAKE)) {
            assertThat(ws.nextText()).startsWith("0{\"sid\":");
            ws.sendText("40");
            assertThat(nextPacket(ws)).matches(PollingClient.CONNECT);
            for (int i = 0; i < 45; i++) {
                ws.sendText("42" + i + "[\"hello\"]");
            }
            ws.sendText("42[\"hello\"]");
            Map<Integer, String> acks = new HashMap<>();
            String errorEvent = null;
            while (acks.size() < 45 || errorEvent == null) {
                String packet = nextPacket(ws);
                if (packet.startsWith("43")) {
                    int id = Integer.parseInt(packet.substring(2, packet.indexOf('[')));
                    assertThat(acks.put(id, packet)).as("one ack for %d", id).isNull();
                } else if (packet.startsWith("42[\"error\"")) {
                    errorEvent = packet;
                }
            }
            assertThat(acks.get(0)).startsWith("430[{\"type\":\"welcome\"");
            assertThat(acks.get(44)).isEqualTo("4344[{\"error\":" + RATE_LIMITED + "}]");
            assertThat(errorEvent).isEqualTo("42[\"error\"," + RATE_LIMITED + "]");
            // Keeping on past the tolerance ends the session with 4004.
            for (int i = 0; i < 200; i++) {
                ws.sendText("42[\"hello\"]");
            }
            RawWebSocket.Frame close = ws.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(4004);
        }
    }

    /** The next text packet that is not a feed event or a lobby notice; pings are answered. */
    private static String nextPacket(RawWebSocket ws) {
        while (true) {
            String packet = ws.nextText();
            if ("2".equals(packet)) {
                ws.sendText("3");
            } else if (!PollingClient.isNoise(packet)) {
                return packet;
            }
        }
    }

    @Test
    void oneAddressMayHoldOnlyItsShareOfSessions() {
        List<String> sids = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                // Retried while the node's connection rate (shared with other tests) refills.
                RawHttp.Response open = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> handshake("127.0.0.6"), r -> r.status() == 200);
                sids.add(open.text().replaceAll("^0\\{\"sid\":\"([^\"]+)\".*$", "$1"));
            }
            RawHttp.Response refused = handshake("127.0.0.6");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
            try (RawWebSocket ws = RawWebSocket.open(uri, WS_HANDSHAKE)) {
                // Another address is not affected (this one connects from 127.0.0.1).
                assertThat(ws.upgraded()).isTrue();
            }
            // Once one of the sessions has closed, the address may open one again.
            close(sids.remove(0));
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                RawHttp.Response again = handshake("127.0.0.6");
                if (again.status() == 200) {
                    sids.add(again.text().replaceAll("^0\\{\"sid\":\"([^\"]+)\".*$", "$1"));
                }
                return again.status() == 200;
            });
        } finally {
            sids.forEach(this::close);
        }
    }

    private void close(String sid) {
        RawHttp.post(uri, HANDSHAKE + "&sid=" + sid, "1");
    }
}
