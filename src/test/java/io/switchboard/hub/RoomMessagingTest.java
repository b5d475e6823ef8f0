package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.WsClient;

/** publish, room broadcast and direct, with their acks. */
@QuarkusTest
class RoomMessagingTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void publishReachesEveryMemberTheSenderIncludedThenAcks() {
        try (HubClients clients = HubClients.open(uri, 3)) {
            WsClient a = clients.get(0);
            WsClient b = clients.get(1);
            clients.join(0, "pub");
            clients.join(1, "pub");
            a.nextJson(); // room:joined

            a.send("{\"type\":\"publish\",\"room\":\"pub\",\"payload\":{\"n\":1},\"id\":\"m1\"}");
            String message = "{\"type\":\"message\",\"room\":\"pub\",\"from\":" + clients.id(0) + ",\"offset\":1,\"payload\":{\"n\":1}}";
            assertThat(a.next()).isEqualTo(message);
            // A kept message's ack says where it landed.
            assertThat(a.nextJson().toString()).matches("\\{\"type\":\"ack\",\"id\":\"m1\",\"payload\":\\{\"offset\":1,\"epoch\":\"[^\"]+\"}}");
            assertThat(b.next()).isEqualTo(message);
            clients.get(2).expectNothingElse();

            // Without an id, no ack.
            a.send("{\"type\":\"publish\",\"room\":\"pub\",\"payload\":2}");
            assertThat(a.next()).isEqualTo("{\"type\":\"message\",\"room\":\"pub\",\"from\":" + clients.id(0) + ",\"offset\":2,\"payload\":2}");
            assertThat(b.next()).isEqualTo("{\"type\":\"message\",\"room\":\"pub\",\"from\":" + clients.id(0) + ",\"offset\":2,\"payload\":2}");
            a.expectNothingElse();
        }
    }

    @Test
    void publishKeepsTheSendersOrder() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            clients.join(0, "order");
            clients.join(1, "order");
            for (int i = 0; i < 200; i++) {
                clients.get(0).send("{\"type\":\"publish\",\"room\":\"order\",\"payload\":" + i + "}");
            }
            for (int i = 0; i < 200; i++) {
                assertThat(clients.get(1).next())
                        .isEqualTo("{\"type\":\"message\",\"room\":\"order\",\"from\":" + clients.id(0) + ",\"offset\":" + (i + 1)
                                + ",\"payload\":" + i + "}");
            }
        }
    }

    @Test
    void roomBroadcastGoesToTheOtherMembersOnly() {
        try (HubClients clients = HubClients.open(uri, 3)) {
            WsClient a = clients.get(0);
            clients.join(0, "bc");
            clients.join(1, "bc");
            a.nextJson(); // room:joined
            a.send("{\"type\":\"broadcast\",\"room\":\"bc\",\"payload\":[true],\"id\":5}");
            assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":5}");
            assertThat(clients.get(1).next()).isEqualTo("{\"type\":\"broadcast\",\"room\":\"bc\",\"payload\":[true],\"from\":" + clients.id(0) + "}");
            clients.get(2).expectNothingElse();
            a.expectNothingElse();
        }
    }

    @Test
    void directReachesOneClientAndAcks() {
        try (HubClients clients = HubClients.open(uri, 3)) {
            clients.get(0).send("{\"type\":\"direct\",\"to\":" + clients.id(1) + ",\"payload\":\"psst\",\"id\":\"d\"}");
            assertThat(clients.get(0).next()).isEqualTo("{\"type\":\"ack\",\"id\":\"d\"}");
            assertThat(clients.get(1).next()).isEqualTo("{\"type\":\"direct\",\"from\":" + clients.id(0) + ",\"payload\":\"psst\"}");
            clients.get(2).expectNothingElse();
        }
    }

    @Test
    void lobbyBroadcastWithAnIdAcksTheSender() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            clients.get(0).send("{\"type\":\"broadcast\",\"payload\":null,\"id\":\"x\"}");
            assertThat(clients.get(0).next()).isEqualTo("{\"type\":\"ack\",\"id\":\"x\"}");
            assertThat(clients.get(1).next()).isEqualTo("{\"type\":\"broadcast\",\"payload\":null,\"from\":" + clients.id(0) + "}");
        }
    }
}
