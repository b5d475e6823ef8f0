package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The WebSocket transport on raw frames (max-payload 1 000 000 bytes while the hub's frame limit is
 * 65 536; the heartbeat and connect timeout are in {@link SocketIoSettingsTest}).
 */
@QuarkusTest
class EngineIoWebSocketTest {

    @TestHTTPResource("/")
    URI uri;

    /** A raw Engine.IO WebSocket whose open packet has been read. */
    static RawWebSocket opened(URI uri) {
        RawWebSocket ws = RawWebSocket.open(uri, "/socket.io/?EIO=4&transport=websocket");
        assertThat(ws.nextText()).startsWith("0{\"sid\":");
        return ws;
    }

    /** A raw Engine.IO WebSocket connected to the main namespace. */
    static RawWebSocket connected(URI uri) {
        RawWebSocket ws = opened(uri);
        ws.sendText("40");
        assertThat(ws.nextText()).matches(PollingClient.CONNECT);
        return ws;
    }

    /**
     * The next text frame that is not a ping (answered with a pong), a server-time event or a lobby
     * notice (other tests' clients come and go).
     */
    static String next(RawWebSocket ws) {
        while (true) {
            RawWebSocket.Frame frame = ws.read();
            assertThat(frame.opcode()).as("%s", frame).isEqualTo(RawWebSocket.TEXT);
            if ("2".equals(frame.text())) {
                ws.sendText("3");
            } else if (!PollingClient.isNoise(frame.text())) {
                return frame.text();
            }
        }
    }

    /** Joins {@code room} (ack id 1) and checks the reply. */
    static void join(RawWebSocket ws, String room) {
        ws.sendText("421[\"join\",\"" + room + "\"]");
        assertThat(next(ws)).startsWith("431[{\"type\":\"joined\",\"room\":\"" + room + "\"");
    }

    /** Reads until {@code expected} (a lobby notice, say), answering pings on the way. */
    static void awaitText(RawWebSocket ws, String expected) {
        while (true) {
            RawWebSocket.Frame frame = ws.read();
            if ("2".equals(frame.text())) {
                ws.sendText("3");
            } else if (expected.equals(frame.text())) {
                return;
            }
        }
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"abc, 1008", "2, 1008", "1, 1000"})
    void aMalformedPacketAClientPingOrAClosePacketClosesTheSocket(String packet, int code) {
        try (RawWebSocket ws = connected(uri)) {
            ws.sendText(packet);
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(code);
        }
    }

    @Test
    void aSingleFrameLargerThanTheHubFrameLimitButWithinMaxPayloadIsAccepted() {
        try (RawWebSocket ws = connected(uri)) {
            join(ws, "ws-big");
            byte[] big = new byte[300_000];
            Arrays.fill(big, (byte) 7);

            ws.sendText("451-2[\"publish\",\"ws-big\",{\"_placeholder\":true,\"num\":0}]");
            ws.sendBinary(big);

            assertThat(next(ws)).matches("451-\\[\"message\",\\{\"_placeholder\":true,\"num\":0},\\{\"room\":\"ws-big\",\"from\":\\d+,\"offset\":1},\"2:1\"]");
            RawWebSocket.Frame attachment = ws.read();
            assertThat(attachment.opcode()).isEqualTo(RawWebSocket.BINARY);
            assertThat(attachment.payload()).isEqualTo(big);
            assertThat(next(ws)).matches("432\\[\\{\"type\":\"ack\",\"payload\":\\{\"offset\":1,\"epoch\":\"[0-9a-f]+\"}}]");
        }
    }

    @Test
    void aMessageOverMaxPayloadClosesTheSocketWith1009() {
        try (RawWebSocket ws = connected(uri)) {
            ws.sendBinary(new byte[1_000_001]);
            RawWebSocket.Frame close = ws.readUntilClose();
            assertThat(close.closeCode()).as(close.text()).isEqualTo(1009);
        }
    }

    @Test
    void aTextMessageOfExactlyMaxPayloadIsAccepted() {
        try (RawWebSocket ws = connected(uri)) {
            String prefix = "421[\"broadcast\",\"";
            String suffix = "\"]";
            ws.sendText(prefix + "y".repeat(1_000_000 - prefix.length() - suffix.length()) + suffix);
            assertThat(next(ws)).isEqualTo("431[{\"type\":\"ack\"}]");
        }
    }

    @Test
    void aReaderThatFallsBehindIsClosedAsASlowConsumerAndThePublisherCarriesOn() {
        try (RawWebSocket slow = RawWebSocket.openSlow(uri, "/socket.io/?EIO=4&transport=websocket");
                RawWebSocket publisher = connected(uri)) {
            assertThat(slow.nextText()).startsWith("0{");
            slow.sendText("40");
            assertThat(next(slow)).startsWith("40{");
            join(slow, "flood-ws");
            join(publisher, "flood-ws");
            String chunk = "p".repeat(60_000);

            // 24 MB for a reader that reads nothing; its kernel buffers hold a fraction of that.
            boolean slowLeft = false;
            for (int i = 0; i < 400; i++) {
                publisher.sendText("42" + (i + 2) + "[\"broadcast\",\"" + chunk + "\",\"flood-ws\"]");
                String answer = next(publisher);
                if (answer.startsWith("42[\"room:left\",{\"room\":\"flood-ws\"")) {
                    slowLeft = true;
                    answer = next(publisher);
                }
                assertThat(answer).isEqualTo("43" + (i + 2) + "[{\"type\":\"ack\"}]");
            }

            assertThat(slow.readUntilClose().closeCode()).isEqualTo(4002);
            if (!slowLeft) {
                assertThat(next(publisher)).startsWith("42[\"room:left\",{\"room\":\"flood-ws\"");
            }
            publisher.sendText("429999[\"presence\",\"flood-ws\"]");
            assertThat(next(publisher)).startsWith("439999[{\"type\":\"presence\"");
        }
    }
}
