package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

/** A client of the plain stateful chat server sees exactly the frames that server sends. */
@QuarkusTest
class StatefulChatCompatibilityTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void connectBroadcastDisconnectSequenceIsExact() {
        try (WsClient a = WsClient.open(uri, "/")) {
            long aId = a.hello();
            WsClient b = WsClient.open(uri, "/");
            long bId = aId + 1;
            assertThat(a.next()).isEqualTo("{\"type\":\"client:connected\",\"payload\":\"Client " + bId
                    + " connected\",\"client\":" + bId + "}");

            b.send("{\"type\":\"broadcast\",\"payload\":{\"text\":\"hi\",\"n\":[1,2.50,null]}}");
            assertThat(a.next()).isEqualTo("{\"type\":\"broadcast\",\"payload\":{\"text\":\"hi\",\"n\":[1,2.50,null]},\"from\":" + bId + "}");

            a.send("{\"type\":\"broadcast\",\"payload\":\"back\"}");
            assertThat(b.next()).isEqualTo("{\"type\":\"broadcast\",\"payload\":\"back\",\"from\":" + aId + "}");

            b.expectNothingElse();
            b.close();
            assertThat(a.next()).isEqualTo("{\"type\":\"client:disconnected\",\"payload\":\"Client " + bId
                    + " disconnected\",\"client\":" + bId + "}");
            a.expectNothingElse();
        }
    }

    @Test
    void aNewClientReceivesNothingUnasked() {
        try (WsClient a = WsClient.open(uri, "/")) {
            assertThat(a.pending()).isEmpty();
            a.expectNothingElse();
        }
    }
}
