package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.RawPeer;

/**
 * {@code .} and {@code ..} as raw room names: the router resolves them as path segments (so
 * {@code /raw/..} would reach the hub at {@code /}), so they are refused with 400 before the
 * upgrade, sent as written on a raw socket (browsers resolve them before sending).
 */
@QuarkusTest
class RawRoomNameTest {

    @TestHTTPResource("/")
    URI uri;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/raw/.     | \".\" and \"..\" are not valid raw room names",
        "/raw/..    | \".\" and \"..\" are not valid raw room names",
        "/raw/%2e   | \".\" and \"..\" are not valid raw room names",
        "/raw/%2E%2e| \".\" and \"..\" are not valid raw room names",
        "/raw/./x   | a WebSocket path may not contain \".\" or \"..\" segments",
        "/raw/x/..  | a WebSocket path may not contain \".\" or \"..\" segments",
        "/..        | a WebSocket path may not contain \".\" or \"..\" segments",
        "/echo/.    | a WebSocket path may not contain \".\" or \"..\" segments",
        "/./echo    | a WebSocket path may not contain \".\" or \"..\" segments"})
    void dotSegmentsAreRefusedWith400AndASentence(String path, String sentence) throws IOException {
        RawPeer.Refusal refusal = RawPeer.refusal(uri, path);
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.body()).isEqualTo(sentence + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"...", ".x", "x.", "a..b", "v1.2"})
    void namesWithDotsThatAreNotDotSegmentsAreRooms(String room) throws IOException {
        try (RawPeer peer = RawPeer.open(uri, "/raw/" + room)) {
            peer.send(RawPeer.TEXT, RawPeer.utf8(room));
            assertThat(peer.read(frame -> frame.opcode() == RawPeer.PING).text()).isEqualTo(room);
        }
    }

    @Test
    void plainPageRequestsWithDotSegmentsAreLeftToTheRouter() throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /raw/.. HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // Resolved to "/": the demo page.
            assertThat(response).startsWith("HTTP/1.1 200").contains("<html");
        }
    }
}
