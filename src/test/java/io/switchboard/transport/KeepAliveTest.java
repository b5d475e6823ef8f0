package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.RawPeer;
import io.switchboard.testing.WsClient;

/**
 * Pings and the close of peers that stop answering (test profile: ping after 400 ms of silence,
 * close 600 ms after an unanswered ping). The times are measured from just before the peer's last
 * frame, so the server cannot have started counting earlier; {@link #LATE} allows for a loaded
 * machine.
 */
@QuarkusTest
class KeepAliveTest {
    private static final Duration INTERVAL = Duration.ofMillis(400);
    private static final Duration TIMEOUT = Duration.ofMillis(600);
    private static final Duration LATE = Duration.ofMillis(150);

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aPingComesOneIntervalAfterThePeersLastFrameEveryTime() throws IOException {
        try (RawPeer peer = RawPeer.open(uri, "/")) {
            // Each round answers the previous ping at once; the next ping must not wait for a sweep.
            for (int round = 0; round < 4; round++) {
                long sent = System.nanoTime();
                peer.heartbeat();
                RawPeer.WireFrame ping = peer.read();
                Duration silence = Duration.ofNanos(System.nanoTime() - sent);
                assertThat(ping.opcode()).as("a ping in round %d", round).isEqualTo(9);
                assertThat(silence).as("silence before the ping in round %d", round)
                        .isBetween(INTERVAL, INTERVAL.plus(LATE));
            }
        }
    }

    @Test
    void aPeerThatNeverAnswersIsClosedWith4001OneTimeoutAfterThePing() throws IOException {
        try (RawPeer peer = RawPeer.open(uri, "/")) {
            long sent = System.nanoTime();
            peer.heartbeat();
            RawPeer.WireFrame ping = peer.read();
            long pinged = System.nanoTime();
            assertThat(ping.opcode()).as("a ping").isEqualTo(9);

            RawPeer.WireFrame close = peer.readUntilClose();
            long closed = System.nanoTime();

            assertThat(close.closeCode()).isEqualTo(4001);
            assertThat(Duration.ofNanos(pinged - sent)).as("silence before the ping").isBetween(INTERVAL, INTERVAL.plus(LATE));
            assertThat(Duration.ofNanos(closed - sent)).as("from the last frame to the close")
                    .isGreaterThanOrEqualTo(INTERVAL.plus(TIMEOUT));
            assertThat(Duration.ofNanos(closed - pinged)).as("from the ping to the close").isLessThanOrEqualTo(TIMEOUT.plus(LATE));
        }
    }

    @Test
    void aPeerThatAnswersPingsStaysOpenWhileIdle() throws InterruptedException {
        try (WsClient quiet = WsClient.open(uri, "/")) {
            quiet.hello();
            // Several ping rounds pass; the JDK client answers each with a pong.
            Thread.sleep(2500);
            assertThat(quiet.isClosed()).isFalse();
            quiet.hello();
        }
    }
}
