package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The upgrade from long-polling to WebSocket: {@code 2probe}, {@code 3probe}, a noop to the waiting GET, {@code 5}. */
@QuarkusTest
class EngineIoUpgradeTest {

    @TestHTTPResource("/")
    URI uri;

    private RawWebSocket probe(PollingClient client) {
        RawWebSocket ws = RawWebSocket.open(uri, "/socket.io/?EIO=4&transport=websocket&sid=" + client.sid);
        assertThat(ws.upgraded()).as(ws.handshake).isTrue();
        ws.sendText("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        return ws;
    }

    @Test
    void aProbedWebSocketTakesOverAndTheWaitingGetGetsANoop() throws Exception {
        PollingClient client = PollingClient.connected(uri);
        client.postOk("421[\"join\",\"upgrade-room\"]");
        assertThat(client.next()).startsWith("431[{\"type\":\"joined\"");
        CompletableFuture<RawHttp.Response> waiting = CompletableFuture.supplyAsync(client::get);
        Thread.sleep(100);

        try (RawWebSocket ws = probe(client)) {
            // The waiting GET returns: with the noop, or with a packet that came first (then the
            // next GET gets the noop at once).
            RawHttp.Response answer = waiting.get(10, TimeUnit.SECONDS);
            while (!answer.text().endsWith("6")) {
                answer = client.get();
            }
            ws.sendText("5");
            ws.sendText("422[\"publish\",\"upgrade-room\",\"over websocket\"]");

            assertThat(EngineIoWebSocketTest.next(ws)).matches("42\\[\"message\",\"over websocket\",\\{\"room\":\"upgrade-room\",\"from\":\\d+,\"offset\":1},\"2:1\"]");
            assertThat(EngineIoWebSocketTest.next(ws)).matches("432\\[\\{\"type\":\"ack\",\"payload\":\\{\"offset\":1,\"epoch\":\"[0-9a-f]+\"}}]");
        }
    }

    @Test
    void aGetDuringTheUpgradeIsAnsweredWithANoopAtOnce() {
        PollingClient client = PollingClient.open(uri);
        try (RawWebSocket ws = probe(client)) {
            // Packets queued before the probe (a ping, say) go first; then a GET returns a noop.
            long start = System.nanoTime();
            String answer = client.get().text();
            while (!answer.equals("6")) {
                assertThat(answer).doesNotContain("6");
                answer = client.get().text();
            }
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofMillis(1500));
            ws.sendText("5");
        }
    }

    @Test
    void pollingRequestsAfterTheUpgradeAreRefused() {
        PollingClient client = PollingClient.connected(uri);
        try (RawWebSocket ws = probe(client)) {
            ws.sendText("5");
            ws.sendText("421[\"presence\",\"lobby\"]");
            assertThat(EngineIoWebSocketTest.next(ws)).startsWith("431[{\"type\":\"presence\"");

            RawHttp.Response get = client.get();
            assertThat(get.status()).isEqualTo(400);
            assertThat(get.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
            assertThat(client.post("3").status()).isEqualTo(400);

            ws.sendText("422[\"presence\",\"lobby\"]");
            assertThat(EngineIoWebSocketTest.next(ws)).startsWith("432[{\"type\":\"presence\"");
        }
    }

    @Test
    void aSecondWebSocketAfterTheUpgradeIsClosed() {
        PollingClient client = PollingClient.connected(uri);
        try (RawWebSocket ws = probe(client)) {
            ws.sendText("5");
            try (RawWebSocket second = RawWebSocket.open(uri, "/socket.io/?EIO=4&transport=websocket&sid=" + client.sid)) {
                assertThat(second.readUntilClose().opcode()).isEqualTo(RawWebSocket.CLOSE);
            }
            ws.sendText("421[\"presence\",\"lobby\"]");
            assertThat(EngineIoWebSocketTest.next(ws)).startsWith("431[{\"type\":\"presence\"");
        }
    }

    @Test
    void aWebSocketThatSendsSomethingElseThanTheProbeIsClosedAndPollingGoesOn() {
        PollingClient client = PollingClient.connected(uri);
        try (RawWebSocket ws = RawWebSocket.open(uri, "/socket.io/?EIO=4&transport=websocket&sid=" + client.sid)) {
            ws.sendText("42[\"hello\"]");
            assertThat(ws.readUntilClose().opcode()).isEqualTo(RawWebSocket.CLOSE);
        }
        client.postOk("421[\"presence\",\"lobby\"]");
        assertThat(client.next()).startsWith("431[{\"type\":\"presence\"");
    }
}
