package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.Metrics;
import io.switchboard.testing.RawPeer;
import io.switchboard.testing.RawRoom;
import io.switchboard.testing.WsClient;

/**
 * A subscriber that stops reading is closed with 4002 once its send buffer passes the bound
 * (1 MiB in the test profile); the publisher and a reading subscriber get everything.
 */
@QuarkusTest
class SlowConsumerTest {
    private static final int MESSAGES = 400;

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aReaderThatFallsBehindIsClosedAndTheOthersCarryOn() throws IOException {
        // The silent peer opens last: it must heartbeat within the keep-alive window.
        double closedBefore = Metrics.scrape(uri).value("switchboard_closes_total", "code", "4002", "reason", "slow_consumer");
        try (RawRoom room = RawRoom.open(uri, "flood", 2); RawPeer slow = RawPeer.open(uri, "/raw/flood")) {
            WsClient fast = room.get(0);
            WsClient publisher = room.get(1);
            String chunk = "p".repeat(60_000);
            for (int i = 0; i < MESSAGES; i++) {
                slow.heartbeat();
                publisher.send(i + ":" + chunk);
                assertThat(publisher.next()).startsWith(i + ":");
                assertThat(fast.next()).startsWith(i + ":");
            }
            // 24 MB were sent; the slow peer's kernel buffers hold a fraction of that.
            RawPeer.WireFrame close = slow.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(4002);
            assertThat(Metrics.scrape(uri).value("switchboard_closes_total", "code", "4002", "reason", "slow_consumer")
                    - closedBefore).isEqualTo(1.0);
            publisher.send("after");
            assertThat(fast.next()).isEqualTo("after");
        }
    }
}
