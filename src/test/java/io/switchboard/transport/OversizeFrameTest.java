package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

@QuarkusTest
class OversizeFrameTest {
    private static final int LIMIT = 65536;

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aMessageOverTheLimitClosesWith1009AndOthersCarryOn() {
        try (WsClient big = WsClient.open(uri, "/"); WsClient bystander = WsClient.open(uri, "/")) {
            bystander.hello();
            String filler = "x".repeat(LIMIT);
            big.send("{\"type\":\"broadcast\",\"payload\":\"" + filler + "\"}");
            assertThat(big.closeCode()).isEqualTo(1009);
            assertThat(bystander.nextJson().get("type").asText()).isEqualTo("client:disconnected");
            bystander.expectNothingElse();
        }
    }

    @Test
    void aMessageAtTheLimitIsAccepted() {
        try (WsClient sender = WsClient.open(uri, "/")) {
            long senderId = sender.hello();
            WsClient receiver = WsClient.open(uri, "/");
            assertThat(sender.nextJson().get("type").asText()).isEqualTo("client:connected");
            String prefix = "{\"type\":\"broadcast\",\"payload\":\"";
            String suffix = "\"}";
            String filler = "y".repeat(LIMIT - prefix.length() - suffix.length());
            sender.send(prefix + filler + suffix);
            assertThat(receiver.next()).isEqualTo("{\"type\":\"broadcast\",\"payload\":\"" + filler + "\",\"from\":" + senderId + "}");
            receiver.close();
        }
    }

    @Test
    void rawAndEchoSocketsHaveTheSameLimit() {
        for (String path : new String[] {"/echo", "/raw/big"}) {
            try (WsClient client = WsClient.open(uri, path)) {
                client.send("z".repeat(LIMIT + 1));
                assertThat(client.closeCode()).isEqualTo(1009);
            }
        }
    }
}
