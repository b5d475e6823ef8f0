package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.Metrics;
import io.switchboard.testing.RawPeer;
import io.switchboard.testing.WsClient;

/** Volatile publishes: no offset, not kept, dropped (not queued) for a reader that is behind. */
@QuarkusTest
class VolatileMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aVolatileMessageHasNoOffsetAndIsNotReplayed() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            RoomHistoryTest.join(a, "vol1", "");
            a.send("{\"type\":\"publish\",\"room\":\"vol1\",\"payload\":{\"x\":1},\"volatile\":true,\"id\":1}");
            assertThat(a.next()).isEqualTo("{\"type\":\"message\",\"room\":\"vol1\",\"from\":" + clients.id(0) + ",\"payload\":{\"x\":1}}");
            assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":1}");
            RoomHistoryTest.publish(a, "vol1", 2);
            assertThat(RoomHistoryTest.offsets(a, "vol1", 1)).containsExactly(1L);
            JsonNode joined = RoomHistoryTest.join(clients.get(1), "vol1", ",\"history\":10");
            assertThat(joined.at("/payload/offset").asLong()).isEqualTo(1);
            assertThat(RoomHistoryTest.offsets(clients.get(1), "vol1", 1)).containsExactly(1L);
            clients.get(1).expectNothingElse();
        }
    }

    @Test
    void volatileFramesAreDroppedForASlowReaderWhoStaysConnected() throws Exception {
        int flood = 300;
        String chunk = "v".repeat(30_000);
        double droppedBefore = Metrics.scrape(uri).value("switchboard_frames_dropped_total");
        try (HubClients clients = HubClients.open(uri, 2); RawPeer slow = RawPeer.open(uri, "/")) {
            slow.sendText("{\"type\":\"join\",\"room\":\"vol2\",\"id\":\"s\"}");
            WsClient publisher = clients.get(0);
            WsClient fast = clients.get(1);
            // The slow peer's arrival reaches both; its joined proves it is in the room.
            publisher.nextJson();
            fast.nextJson();
            RoomHistoryTest.join(publisher, "vol2", ",\"events\":false");
            RoomHistoryTest.join(fast, "vol2", ",\"events\":false");
            for (int i = 0; i < flood; i++) {
                slow.heartbeat();
                publisher.send("{\"type\":\"publish\",\"room\":\"vol2\",\"volatile\":true,\"payload\":\"" + i + ":" + chunk + "\"}");
                assertThat(publisher.nextJson().get("payload").asText()).startsWith(i + ":");
                assertThat(fast.nextJson().get("payload").asText()).startsWith(i + ":");
            }
            publisher.send("{\"type\":\"publish\",\"room\":\"vol2\",\"payload\":\"end\"}");
            assertThat(fast.nextJson().get("payload").asText()).isEqualTo("end");

            // 9 MB were published: far past the 1 MiB that closes a slow consumer, had they been queued.
            int volatileSeen = 0;
            while (true) {
                RawPeer.WireFrame frame = slow.read();
                if (frame.opcode() == 9) {
                    continue; // keep-alive ping
                }
                assertThat(frame.opcode()).as("no close: dropped frames do not pile up").isEqualTo(1);
                JsonNode json = JSON.readTree(new String(frame.payload(), StandardCharsets.UTF_8));
                if ("message".equals(json.get("type").asText())) {
                    if ("end".equals(json.get("payload").asText())) {
                        break;
                    }
                    volatileSeen++;
                }
            }
            assertThat(volatileSeen).isPositive().isLessThan(flood);
            // Every frame the slow reader missed was counted as dropped.
            assertThat(Metrics.scrape(uri).value("switchboard_frames_dropped_total") - droppedBefore)
                    .isGreaterThanOrEqualTo(flood - volatileSeen);
        }
    }
}
