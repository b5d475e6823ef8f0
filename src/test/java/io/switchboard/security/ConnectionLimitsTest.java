package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.RawPeer;

/**
 * Admission before the upgrade ({@link LimitsProfile}: 20 open sockets per IP, 20 new sockets per
 * second with bursts of 40): excess upgrades get HTTP 503 with {@code Retry-After}, and are
 * admitted again once a socket closes or the bucket refills. Source addresses of the loopback
 * range (127.0.0.x) stand for different clients.
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
class ConnectionLimitsTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void oneAddressMayHoldOnlyItsShareOfSockets() throws Exception {
        List<RawPeer> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawPeer peer = RawPeer.request(uri, "/", Map.of("Sec-WebSocket-Protocol", "switchboard.v1"), "127.0.0.2");
                assertThat(peer.status()).isEqualTo(101);
                open.add(peer);
                // The socket counts from its open callback on; an answer proves that has run.
                peer.sendText("{\"type\":\"hello\"}");
                assertThat(peer.read(frame -> !frame.text().contains("\"welcome\"")).opcode()).isEqualTo(RawPeer.TEXT);
            }
            RawPeer refused = RawPeer.request(uri, "/", Map.of(), "127.0.0.2");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
            refused.close();
            // Another address is not affected.
            try (RawPeer other = RawPeer.request(uri, "/", Map.of(), "127.0.0.3")) {
                assertThat(other.status()).isEqualTo(101);
            }
            // Once one of the sockets is gone, the address may open one again.
            open.remove(0).close();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try (RawPeer again = RawPeer.request(uri, "/", Map.of(), "127.0.0.2")) {
                    return again.status() == 101;
                }
            });
        } finally {
            for (RawPeer peer : open) {
                peer.close();
            }
        }
    }

    @Test
    void aReconnectStormIsSpreadOutWith503AndRetryAfter() throws Exception {
        int attempts = 400;
        List<RawPeer> peers = new ArrayList<>();
        try {
            // Connect first, then send every upgrade request at once: a storm of returning clients.
            for (int i = 0; i < attempts; i++) {
                // 20 addresses of 20 sockets each stay within the per-address limit.
                peers.add(RawPeer.connect(uri, "127.0.0." + (10 + i % 20)));
            }
            for (RawPeer peer : peers) {
                peer.requestUpgrade("/", Map.of());
            }
            int upgraded = 0;
            int refused = 0;
            for (RawPeer peer : peers) {
                peer.readAnswer();
                if (peer.status() == 101) {
                    upgraded++;
                } else {
                    assertThat(peer.status()).isEqualTo(503);
                    assertThat(Integer.parseInt(peer.header("Retry-After"))).isBetween(1, 5);
                    refused++;
                }
            }
            assertThat(upgraded).isGreaterThanOrEqualTo(40);
            assertThat(refused).isPositive();
            assertThat(upgraded + refused).isEqualTo(attempts);
        } finally {
            for (RawPeer peer : peers) {
                peer.close();
            }
        }
        // The bucket refills at 20/s: a client that honours Retry-After gets in.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    try (RawPeer again = RawPeer.request(uri, "/", Map.of(), null)) {
                        return again.status() == 101;
                    }
                });
        // Leave a full bucket (40 at 20/s) to the tests that follow.
        Thread.sleep(2_500);
    }
}
