package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.RawRoom;
import io.switchboard.testing.WsClient;

@QuarkusTest
class RawRelayTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void textReachesEverySocketOfTheRoomTheSenderIncluded() {
        try (RawRoom bang = RawRoom.open(uri, "bang", 2); RawRoom elsewhere = RawRoom.open(uri, "elsewhere", 1)) {
            WsClient a = bang.get(0);
            WsClient b = bang.get(1);
            WsClient other = elsewhere.get(0);
            a.send("trigger-input");
            assertThat(a.next()).isEqualTo("trigger-input");
            assertThat(b.next()).isEqualTo("trigger-input");

            b.send("{not json at all");
            assertThat(a.next()).isEqualTo("{not json at all");
            assertThat(b.next()).isEqualTo("{not json at all");

            other.send("only here");
            assertThat(other.next()).isEqualTo("only here");
            assertThat(a.pending()).isEmpty();
        }
    }

    @Test
    void binaryRelaysAsBinary() {
        try (RawRoom room = RawRoom.open(uri, "bin", 2)) {
            WsClient a = room.get(0);
            WsClient b = room.get(1);
            a.sendBinary(new byte[] {0, 1, 2, (byte) 0xff});
            assertThat(b.nextFrame()).isEqualTo(new byte[] {0, 1, 2, (byte) 0xff});
            assertThat(a.nextFrame()).isEqualTo(new byte[] {0, 1, 2, (byte) 0xff});
        }
    }

    @Test
    void rawSocketsAreNotHubClients() {
        try (WsClient hub = WsClient.open(uri, "/")) {
            hub.hello();
            try (RawRoom raw = RawRoom.open(uri, "quiet", 1)) {
                raw.get(0).send("x");
                assertThat(raw.get(0).next()).isEqualTo("x");
            }
            hub.expectNothingElse();
        }
    }

    @Test
    void aBadRoomNameIsRefusedBeforeTheUpgrade() {
        assertThatThrownBy(() -> WsClient.open(uri, "/raw/" + "x".repeat(65)))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(400));
    }
}
