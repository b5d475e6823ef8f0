package io.switchboard.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.hub.Hub;
import io.switchboard.testing.WsClient;

/** The server-time feed: format, ticks, and that it runs only while its room has members. */
@QuarkusTest
class ServerTimeFeedTest {
    private static final String TICK = "\\{\"type\":\"api:server-time\",\"room\":\"server-time\",\"payload\":"
            + "\"\\d\\d:\\d\\d:\\d\\d GMT[+-]\\d{4} \\([A-Za-z ]+\\)\"}";

    @TestHTTPResource("/")
    URI uri;

    @Inject
    FeedManager feeds;

    @Inject
    Hub hub;

    @Test
    void formatsLikeJavaScriptsToTimeString() {
        ZonedDateTime time = ZonedDateTime.of(2026, 1, 2, 16, 45, 3, 0, ZoneId.of("UTC"));
        assertThat(new String(ServerTimeFeed.format(time))).isEqualTo("\"16:45:03 GMT+0000 (Coordinated Universal Time)\"");
        ZonedDateTime berlin = ZonedDateTime.of(2026, 7, 2, 9, 5, 0, 0, ZoneId.of("Europe/Berlin"));
        assertThat(new String(ServerTimeFeed.format(berlin))).isEqualTo("\"09:05:00 GMT+0200 (Central European Summer Time)\"");
    }

    @Test
    void membersReceiveTicksAtTheInterval() {
        try (WsClient client = WsClient.open(uri, "/")) {
            client.send("{\"type\":\"join\",\"room\":\"server-time\",\"id\":1}");
            assertThat(client.nextJson().get("type").asText()).isEqualTo("joined");
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                assertThat(client.next()).matches(TICK);
            }
            // The first tick comes at once, the next three one interval (300 ms in tests) apart.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        }
    }

    @Test
    void theFeedRunsOnlyWhileItsRoomHasMembers() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !feeds.isRunning("server-time"));
        try (WsClient a = WsClient.open(uri, "/"); WsClient b = WsClient.open(uri, "/")) {
            a.send("{\"type\":\"join\",\"room\":\"server-time\"}");
            b.send("{\"type\":\"join\",\"room\":\"server-time\"}");
            drainUntil(a, "joined");
            drainUntil(b, "joined");
            assertThat(feeds.isRunning("server-time")).isTrue();
            a.send("{\"type\":\"leave\",\"room\":\"server-time\"}");
            drainUntil(a, "left");
            assertThat(feeds.isRunning("server-time")).isTrue();
            drainUntil(b, "api:server-time");
            b.send("{\"type\":\"leave\",\"room\":\"server-time\"}");
            drainUntil(b, "left");
            assertThat(feeds.isRunning("server-time")).isFalse();
            assertThat(hub.localMembers("server-time")).isZero();
        }
    }

    @Test
    void theTickerFeedPushesPricesToItsRoom() {
        try (WsClient client = WsClient.open(uri, "/")) {
            client.send("{\"type\":\"join\",\"room\":\"ticker\"}");
            drainUntil(client, "joined");
            assertThat(client.next()).matches("\\{\"type\":\"api:ticker\",\"room\":\"ticker\",\"payload\":\\[(\\{\"symbol\":\"[A-Z]+\",\"price\":\\d+\\.\\d\\d,\"change\":-?\\d+\\.\\d\\d},?)+]}");
            client.send("{\"type\":\"leave\",\"room\":\"ticker\"}");
            drainUntil(client, "left");
            assertThat(feeds.isRunning("ticker")).isFalse();
        }
    }

    /** Reads frames (feed ticks may interleave) until one of {@code type}. */
    private static void drainUntil(WsClient client, String type) {
        for (int i = 0; i < 50; i++) {
            if (client.nextJson().get("type").asText().equals(type)) {
                return;
            }
        }
        throw new AssertionError("no " + type + " frame");
    }
}
