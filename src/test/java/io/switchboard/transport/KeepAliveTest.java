package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");
            long start = System.nanoTime();
            // Read frames without ever answering: a ping (opcode 9), then the close (opcode 8).
            int opcode;
            boolean pinged = false;
            byte[] payload;
            do {
                opcode = in.readUnsignedByte() & 0x0f;
                int length = in.readUnsignedByte() & 0x7f;
                payload = in.readNBytes(length);
                pinged |= opcode == 9;
            } while (opcode != 8);
            assertThat(pinged).isTrue();
            int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            assertThat(code).isEqualTo(4001);
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

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        return headers.toString();
    }
}
