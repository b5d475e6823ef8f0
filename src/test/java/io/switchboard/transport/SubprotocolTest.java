package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

@QuarkusTest
class SubprotocolTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aClientOfferingChatAndSuperchatGetsChat() {
        try (WsClient client = WsClient.open(uri, "/", "chat", "superchat")) {
            assertThat(client.subprotocol()).isEqualTo("chat");
            client.hello();
        }
    }

    @Test
    void theClientsOrderOfPreferenceWins() {
        try (WsClient client = WsClient.open(uri, "/echo", "unknown", "superchat", "chat")) {
            assertThat(client.subprotocol()).isEqualTo("superchat");
            assertThat(client.send("x").next()).isEqualTo("x");
        }
    }

    @Test
    void aClientOfferingNoneConnectsWithout() {
        try (WsClient client = WsClient.open(uri, "/")) {
            assertThat(client.subprotocol()).isEmpty();
        }
    }

    @Test
    void aClientOfferingOnlyUnknownOnesIsRefusedBeforeTheUpgrade() {
        for (String path : new String[] {"/", "/echo", "/raw/room"}) {
            assertThatThrownBy(() -> WsClient.open(uri, path, "mqtt", "stomp"))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(400));
        }
    }
}
