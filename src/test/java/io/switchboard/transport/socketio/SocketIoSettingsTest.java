package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.WsClient;

/**
 * The Socket.IO settings at work: short timers (a ping every 500 ms, a pong due within 1500 ms, a
 * CONNECT within 3 s) for the heartbeat and the connect timeout, over raw long-polling, raw
 * WebSocket and with the official client; another feed; a recovery window of 1 s; and Quarkus CORS
 * for pages of another origin.
 */
@QuarkusTest
@TestProfile(SocketIoSettingsTest.Settings.class)
class SocketIoSettingsTest {
    private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";
    private static final String APP_ORIGIN = "http://app.example";

    /** Short timers, the ticker as the only feed, a short recovery window, CORS for one origin. */
    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.socketio.ping-interval", "500ms",
                    "switchboard.socketio.ping-timeout", "1500ms",
                    "switchboard.socketio.connect-timeout", "3s",
                    "switchboard.socketio.feeds", "ticker",
                    "switchboard.socketio.recovery-window", "1s",
                    "quarkus.http.cors.enabled", "true",
                    "quarkus.http.cors.origins", APP_ORIGIN);
        }
    }

    @TestHTTPResource("/")
    URI uri;

    @Test
    void theOpenPacketAnnouncesTheTimers() {
        assertThat(RawHttp.get(uri, "/socket.io/?EIO=4&transport=polling").text())
                .contains("\"pingInterval\":500,\"pingTimeout\":1500,");
    }

    @Test
    void pollingPingsAreAnsweredWithPongsAndKeepTheSessionOpen() {
        PollingClient client = PollingClient.open(uri);
        for (int i = 0; i < 3; i++) {
            assertThat(client.poll()).containsExactly("2");
            client.postOk("3");
        }
        client.postOk("40");
        assertThat(client.next()).startsWith("40{\"sid\":");
    }

    @Test
    void aPollingSessionThatMissesItsPongIsClosedAfterPingIntervalAndPingTimeout() {
        PollingClient client = PollingClient.open(uri);
        long start = System.nanoTime();

        assertThat(client.poll()).containsExactly("2");
        List<String> last = client.poll();

        assertThat(last).containsExactly("1");
        // The server's timers started with the handshake, a moment before the clock here.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(client.get().text()).isEqualTo(UNKNOWN_SID);
    }

    @Test
    void aPollingSessionWithoutConnectIsClosedAfterConnectTimeout() {
        PollingClient client = PollingClient.open(uri);
        long start = System.nanoTime();

        List<String> packets;
        do {
            packets = client.poll();
            if (packets.contains("2")) {
                client.postOk("3");
            }
        } while (!packets.contains("1"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        assertThat(client.get().text()).isEqualTo(UNKNOWN_SID);
    }

    @Test
    void webSocketPingsComeEveryIntervalAndPongsKeepTheSessionOpen() {
        try (RawWebSocket ws = RawWebSocket.open(uri, "/socket.io/?EIO=4&transport=websocket")) {
            ws.nextText();
            for (int i = 0; i < 3; i++) {
                assertThat(ws.read().text()).isEqualTo("2");
                ws.sendText("3");
            }
            ws.sendText("40");
            assertThat(ws.nextText()).startsWith("40{\"sid\":");
        }
    }

    @Test
    void aWebSocketThatStopsAnsweringPingsIsClosedWith4001AfterPingIntervalAndPingTimeout() {
        try (RawWebSocket ws = EngineIoWebSocketTest.connected(uri)) {
            long start = System.nanoTime();

            RawWebSocket.Frame close = ws.readUntilClose();

            assertThat(close.closeCode()).isEqualTo(4001);
            assertThat(close.text()).endsWith("ping timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
    }

    @Test
    void aWebSocketWithoutConnectIsClosedAfterConnectTimeout() {
        try (RawWebSocket ws = RawWebSocket.open(uri, "/socket.io/?EIO=4&transport=websocket")) {
            long start = System.nanoTime();
            RawWebSocket.Frame frame;
            do {
                frame = ws.read();
                if ("2".equals(frame.text())) {
                    ws.sendText("3");
                }
            } while (frame.opcode() != RawWebSocket.CLOSE);
            assertThat(frame.closeCode()).isEqualTo(1008);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        }
    }

    @Test
    void anOfficialClientThatStopsAnsweringIsClosedAndTheOthersAreTold() {
        for (String transports : new String[] {"[\"websocket\"]", "[\"polling\"]"}) {
            try (WsClient observer = WsClient.open(uri, "/");
                    SocketIoNode client = SocketIoNode.connect(uri, "{\"transports\":" + transports + "}")) {
                observer.hello();
                long id = client.connectedId();
                assertThat(observer.nextJson().get("type").asText()).isEqualTo("client:connected");

                client.freeze();
                long start = System.nanoTime();

                JsonNode disconnect = client.await(r -> "disconnect".equals(r.path("ev").asText()));
                assertThat(disconnect.get("reason").asText()).isEqualTo("transport close");
                // The last ping came at most 500 ms after the freeze; the pong was due 1500 ms later.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(transports).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
                assertThat(observer.next()).isEqualTo("{\"type\":\"client:disconnected\",\"payload\":\"Client " + id
                        + " disconnected\",\"client\":" + id + "}");
            }
        }
    }

    @Test
    void socketsJoinTheConfiguredFeedsOnly() {
        try (RawWebSocket ws = EngineIoWebSocketTest.connected(uri)) {
            String event;
            do {
                event = ws.nextText();
                assertThat(event).doesNotStartWith(PollingClient.FEED);
            } while (!event.startsWith("42[\"api:ticker\""));
            ws.sendText("421[\"hello\"]");
            String welcome;
            do {
                welcome = ws.nextText();
            } while (!welcome.startsWith("431["));
            assertThat(welcome).contains("\"rooms\":[\"lobby\",\"ticker\"]");
        }
    }

    /** Connects a raw WebSocket socket and returns its CONNECT reply's socket id and pid. */
    private static String[] connectRaw(RawWebSocket ws, String auth) {
        ws.sendText("40" + auth);
        String reply = EngineIoWebSocketTest.next(ws);
        assertThat(reply).matches(PollingClient.CONNECT);
        return new String[] {reply.replaceAll(PollingClient.CONNECT, "$1"), reply.replaceAll(PollingClient.CONNECT, "$2")};
    }

    private RawWebSocket openRaw() {
        return EngineIoWebSocketTest.opened(uri);
    }

    @Test
    void aSessionGoneLongerThanTheRecoveryWindowStartsAfresh() throws InterruptedException {
        String[] first;
        try (RawWebSocket ws = openRaw()) {
            first = connectRaw(ws, "");
        }
        // The record expires 1 s after the connection ended: wait past that deadline.
        Thread.sleep(2_000);

        try (RawWebSocket ws = openRaw()) {
            String[] again = connectRaw(ws, "{\"pid\":\"" + first[1] + "\"}");
            assertThat(again[0]).isNotEqualTo(first[0]);
            assertThat(again[1]).isNotEqualTo(first[1]);
        }
    }

    @Test
    void aSessionConnectedLongerThanTheRecoveryWindowIsStillRecovered() {
        String[] first;
        try (RawWebSocket ws = openRaw()) {
            first = connectRaw(ws, "");
            // Five pings (2.5 s, past the 1 s window): the record's expiry is pushed while connected.
            for (int i = 0; i < 5; i++) {
                RawWebSocket.Frame ping;
                do {
                    ping = ws.read();
                } while (!"2".equals(ping.text()));
                ws.sendText("3");
            }
        }

        try (RawWebSocket ws = openRaw()) {
            String[] again = connectRaw(ws, "{\"pid\":\"" + first[1] + "\"}");
            assertThat(again).containsExactly(first);
        }
    }

    @Test
    void pollingAnswersCarryTheCorsHeaderForAnAllowedOrigin() {
        try (RawHttp http = RawHttp.connect(uri)) {
            RawHttp.Response open = http.send("GET", "/socket.io/?EIO=4&transport=polling", null, null, "Origin: " + APP_ORIGIN).read();
            assertThat(open.status()).isEqualTo(200);
            assertThat(open.header("Access-Control-Allow-Origin")).isEqualTo(APP_ORIGIN);
            String sid = open.text().replaceAll("^0\\{\"sid\":\"([^\"]+)\".*$", "$1");

            RawHttp.Response post = http.send("POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid, "text/plain;charset=UTF-8",
                    "40".getBytes(java.nio.charset.StandardCharsets.UTF_8), "Origin: " + APP_ORIGIN).read();
            assertThat(post.text()).isEqualTo("ok");
            assertThat(post.header("Access-Control-Allow-Origin")).isEqualTo(APP_ORIGIN);
        }
    }
}
