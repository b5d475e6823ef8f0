package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

/** publish, room broadcast and direct, with their acks. */
@QuarkusTest
class RoomMessagingTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void publishReachesEveryMemberTheSenderIncludedThenAcks() {
        try (WsClient a = WsClient.open(uri, "/")) {
            long aId = a.hello();
            try (WsClient b = WsClient.open(uri, "/")) {
                b.hello();
                WsClient outsider = WsClient.open(uri, "/");
                outsider.hello();
                b.nextJson();
                a.nextJson();
                a.nextJson();
                join(a, "pub");
                join(b, "pub");
                a.nextJson(); // room:joined

                a.send("{\"type\":\"publish\",\"room\":\"pub\",\"payload\":{\"n\":1},\"id\":\"m1\"}");
                String message = "{\"type\":\"message\",\"room\":\"pub\",\"from\":" + aId + ",\"payload\":{\"n\":1}}";
                assertThat(a.next()).isEqualTo(message);
                assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":\"m1\"}");
                assertThat(b.next()).isEqualTo(message);
                outsider.expectNothingElse();

                // Without an id, no ack.
                a.send("{\"type\":\"publish\",\"room\":\"pub\",\"payload\":2}");
                assertThat(a.next()).isEqualTo("{\"type\":\"message\",\"room\":\"pub\",\"from\":" + aId + ",\"payload\":2}");
                assertThat(b.next()).isEqualTo("{\"type\":\"message\",\"room\":\"pub\",\"from\":" + aId + ",\"payload\":2}");
                a.expectNothingElse();
            }
        }
    }

    @Test
    void publishKeepsTheSendersOrder() {
        try (WsClient a = WsClient.open(uri, "/")) {
            long aId = a.hello();
            try (WsClient b = WsClient.open(uri, "/")) {
                b.hello();
                a.nextJson();
                join(a, "order");
                join(b, "order");
                for (int i = 0; i < 200; i++) {
                    a.send("{\"type\":\"publish\",\"room\":\"order\",\"payload\":" + i + "}");
                }
                for (int i = 0; i < 200; i++) {
                    assertThat(b.next()).isEqualTo("{\"type\":\"message\",\"room\":\"order\",\"from\":" + aId + ",\"payload\":" + i + "}");
                }
            }
        }
    }

    @Test
    void roomBroadcastGoesToTheOtherMembersOnly() {
        try (WsClient a = WsClient.open(uri, "/")) {
            long aId = a.hello();
            try (WsClient b = WsClient.open(uri, "/")) {
                b.hello();
                WsClient lobbyOnly = WsClient.open(uri, "/");
                lobbyOnly.hello();
                b.nextJson();
                a.nextJson();
                a.nextJson();
                join(a, "bc");
                join(b, "bc");
                a.nextJson(); // room:joined
                a.send("{\"type\":\"broadcast\",\"room\":\"bc\",\"payload\":[true],\"id\":5}");
                assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":5}");
                assertThat(b.next()).isEqualTo("{\"type\":\"broadcast\",\"room\":\"bc\",\"payload\":[true],\"from\":" + aId + "}");
                lobbyOnly.expectNothingElse();
                a.expectNothingElse();
                lobbyOnly.close();
            }
        }
    }

    @Test
    void directReachesOneClientAndAcks() {
        try (WsClient a = WsClient.open(uri, "/")) {
            long aId = a.hello();
            try (WsClient b = WsClient.open(uri, "/")) {
                long bId = b.hello();
                WsClient c = WsClient.open(uri, "/");
                c.hello();
                b.nextJson();
                a.send("{\"type\":\"direct\",\"to\":" + bId + ",\"payload\":\"psst\",\"id\":\"d\"}");
                assertThat(a.nextJson().get("type").asText()).isEqualTo("client:connected");
                assertThat(a.nextJson().get("type").asText()).isEqualTo("client:connected");
                assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":\"d\"}");
                assertThat(b.next()).isEqualTo("{\"type\":\"direct\",\"from\":" + aId + ",\"payload\":\"psst\"}");
                c.expectNothingElse();
                c.close();
            }
        }
    }

    @Test
    void lobbyBroadcastWithAnIdAcksTheSender() {
        try (WsClient a = WsClient.open(uri, "/")) {
            long aId = a.hello();
            try (WsClient b = WsClient.open(uri, "/")) {
                b.hello();
                a.nextJson();
                a.send("{\"type\":\"broadcast\",\"payload\":null,\"id\":\"x\"}");
                assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":\"x\"}");
                assertThat(b.next()).isEqualTo("{\"type\":\"broadcast\",\"payload\":null,\"from\":" + aId + "}");
            }
        }
    }

    private static void join(WsClient client, String room) {
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        assertThat(client.nextJson().get("type").asText()).isEqualTo("joined");
    }
}
