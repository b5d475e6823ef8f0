package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.RawPeer;
import io.switchboard.testing.WsClient;

/**
 * A member that stops reading, in rooms of each slow-consumer policy (test profile:
 * {@code tele:*} latest-only, {@code buf:*} drop-oldest with 8 frames, others close): the
 * publisher and a reading member get every message at full speed, the slow member is closed with
 * 4002 or keeps only the newest frames, and the server's heap does not grow with the backlog.
 */
@QuarkusTest
class SlowConsumerPolicyTest {
    private static final int MESSAGES = 1000;
    private static final int WINDOW = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAD = "x".repeat(16_000);

    @TestHTTPResource("/")
    URI uri;

    /** Publishes MESSAGES messages into {@code room} while {@code slow} reads nothing; returns the frames it then reads. */
    private List<JsonNode> flood(String room, RawPeer slow, long[] heapGrowth) throws Exception {
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
        try (WsClient publisher = WsClient.open(uri, "/", "switchboard.v1");
                WsClient fast = WsClient.open(uri, "/", "switchboard.v1")) {
            join(publisher, room);
            join(fast, room);
            // The slow peer reads nothing but stays alive for keep-alive.
            beat.scheduleAtFixedRate(() -> {
                try {
                    slow.heartbeat();
                } catch (IOException e) {
                    // closed: the test reads the close frame
                }
            }, 0, 150, TimeUnit.MILLISECONDS);
            slow.sendText("{\"type\":\"join\",\"room\":\"" + room + "\",\"events\":false,\"id\":\"j\"}");
            RawPeer.WireFrame reply;
            do {
                reply = slow.read();
            } while (reply.opcode() == 9 || reply.opcode() == 10);
            assertThat(text(reply)).contains("\"joined\"");
            long before = usedHeap();
            // The publisher keeps at most WINDOW messages in flight; the readers that keep up get each one.
            for (int i = 0; i < MESSAGES; i++) {
                publisher.send("{\"type\":\"publish\",\"room\":\"" + room + "\",\"payload\":{\"i\":" + i + ",\"pad\":\"" + PAD + "\"}}");
                if (i >= WINDOW) {
                    expect(publisher, i - WINDOW);
                    expect(fast, i - WINDOW);
                }
            }
            for (int i = MESSAGES - WINDOW; i < MESSAGES; i++) {
                expect(publisher, i);
                expect(fast, i);
            }
            heapGrowth[0] = usedHeap() - before;
        } finally {
            beat.shutdownNow();
            beat.awaitTermination(5, TimeUnit.SECONDS);
        }
        List<JsonNode> got = new ArrayList<>();
        for (;;) {
            RawPeer.WireFrame frame = slow.read();
            if (frame.opcode() == 8) {
                got.add(JSON.createObjectNode().put("close", frame.closeCode()));
                return got;
            }
            if (frame.opcode() == 1) {
                JsonNode json = JSON.readTree(frame.payload());
                got.add(json);
                if (json.path("payload").path("i").asInt(-1) == MESSAGES - 1) {
                    return got;
                }
            }
        }
    }

    /** The next frame is message {@code i}: a reader that keeps up loses nothing and gets it in order. */
    private static void expect(WsClient client, int i) {
        String frame = client.next();
        assertThat(frame).startsWith("{\"type\":\"message\"").contains("{\"i\":" + i + ",");
    }

    private static void join(WsClient client, String room) {
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"events\":false}");
        assertThat(client.nextJson().get("type").asText()).isEqualTo("joined");
    }

    private static String text(RawPeer.WireFrame frame) {
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }

    private static long usedHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static List<Integer> indexes(List<JsonNode> frames) {
        return frames.stream().filter(f -> f.has("payload")).map(f -> f.get("payload").get("i").asInt()).toList();
    }

    /** Floods {@code room} past a slow member that stays connected; returns the message indexes it then reads. */
    private List<Integer> keptForTheSlowMember(String room) throws Exception {
        long[] growth = new long[1];
        List<JsonNode> got;
        try (RawPeer slow = RawPeer.request(uri, "/", Map.of("Sec-WebSocket-Protocol", "switchboard.v1"), null)) {
            got = flood(room, slow, growth);
        }
        assertThat(got).noneMatch(f -> f.has("close"));
        assertThat(growth[0]).as("heap growth while %d x 16 KB queued up", MESSAGES).isLessThan(24L << 20);
        List<Integer> seen = indexes(got);
        assertThat(seen).isSorted().endsWith(MESSAGES - 1);
        assertThat(seen.size()).isLessThan(MESSAGES / 2);
        return seen;
    }

    @Test
    void latestOnlyKeepsTheSlowMemberConnectedWithTheNewestFrame() throws Exception {
        keptForTheSlowMember("tele:xy");
    }

    @Test
    void dropOldestKeepsTheNewestFramesOfTheRoomInOrder() throws Exception {
        List<Integer> seen = keptForTheSlowMember("buf:telemetry");
        assertThat(seen.subList(seen.size() - 8, seen.size())).containsExactly(992, 993, 994, 995, 996, 997, 998, 999);
    }

    @Test
    void closeIsTheDefaultAndSaysReconnectAndRecover() throws Exception {
        long[] growth = new long[1];
        try (RawPeer slow = RawPeer.request(uri, "/", Map.of("Sec-WebSocket-Protocol", "switchboard.v1"), null)) {
            List<JsonNode> got = flood("plain:chat", slow, growth);
            assertThat(got.get(got.size() - 1).get("close").asInt()).isEqualTo(4002);
        }
        assertThat(growth[0]).isLessThan(24L << 20);
    }
}
