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
 * close 600 ms after an unanswered ping).
 */
@QuarkusTest
class KeepAliveTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aPeerThatNeverAnswersPingsIsClosedWith4001() throws IOException {
        try (RawPeer peer = RawPeer.open(uri, "/")) {
            long start = System.nanoTime();
            RawPeer.WireFrame first = peer.read();
            assertThat(first.opcode()).as("a ping").isEqualTo(9);
            RawPeer.WireFrame close = peer.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(4001);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
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
