package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.WsClient;

/** hello, join, leave and presence, with the notices other members hear. */
@QuarkusTest
class RoomMembershipTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void helloAnswersWithTheIdAndRooms() {
        try (WsClient a = WsClient.open(uri, "/")) {
            a.send("{\"type\":\"hello\",\"id\":42}");
            String welcome = a.next();
            assertThat(welcome).matches("\\{\"type\":\"welcome\",\"id\":42,\"payload\":\\{\"client\":\\d+,\"rooms\":\\[\"lobby\"],\"version\":\"[^\"]+\"}}");
        }
    }

    @Test
    void joinRepliesWithMembersAndTellsTheOthers() throws Exception {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            WsClient b = clients.get(1);
            long aId = clients.id(0);
            long bId = clients.id(1);

            a.send("{\"type\":\"join\",\"room\":\"jr\",\"id\":\"j1\"}");
            String first = a.next();
            String epoch = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(first).at("/payload/epoch").asText();
            assertThat(first).isEqualTo("{\"type\":\"joined\",\"id\":\"j1\",\"room\":\"jr\",\"payload\":{\"clients\":[" + aId
                    + "],\"offset\":0,\"epoch\":\"" + epoch + "\",\"state\":{}}}");

            b.send("{\"type\":\"join\",\"room\":\"jr\",\"id\":7}");
            assertThat(b.next()).isEqualTo("{\"type\":\"joined\",\"id\":7,\"room\":\"jr\",\"payload\":{\"clients\":[" + aId + "," + bId
                    + "],\"offset\":0,\"epoch\":\"" + epoch + "\",\"state\":{}}}");
            assertThat(a.next()).isEqualTo("{\"type\":\"room:joined\",\"room\":\"jr\",\"client\":" + bId + "}");

            b.send("{\"type\":\"hello\",\"id\":1}");
            assertThat(b.nextJson().get("payload").get("rooms").toString()).isEqualTo("[\"jr\",\"lobby\"]");

            // A second join is idempotent: a reply, no second notice.
            b.send("{\"type\":\"join\",\"room\":\"jr\",\"id\":8}");
            assertThat(b.nextJson().get("type").asText()).isEqualTo("joined");
            a.expectNothingElse();

            b.send("{\"type\":\"leave\",\"room\":\"jr\",\"id\":9}");
            assertThat(b.next()).isEqualTo("{\"type\":\"left\",\"id\":9,\"room\":\"jr\"}");
            assertThat(a.next()).isEqualTo("{\"type\":\"room:left\",\"room\":\"jr\",\"client\":" + bId + "}");
            b.expectNothingElse();
        }
    }

    @Test
    void aClosedSocketLeavesItsRoomsWithNotices() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            long bId = clients.id(1);
            clients.join(0, "closing");
            clients.join(1, "closing");
            assertThat(a.nextJson().get("type").asText()).isEqualTo("room:joined");
            clients.get(1).close();
            assertThat(a.next()).isEqualTo("{\"type\":\"room:left\",\"room\":\"closing\",\"client\":" + bId + "}");
            assertThat(a.next()).isEqualTo("{\"type\":\"client:disconnected\",\"payload\":\"Client " + bId + " disconnected\",\"client\":" + bId + "}");
        }
    }

    @Test
    void presenceAnswersMembersAndNonMembersAlike() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            long aId = clients.id(0);
            clients.join(0, "pr");
            WsClient outsider = clients.get(1);
            outsider.send("{\"type\":\"presence\",\"room\":\"pr\",\"id\":\"p\"}");
            assertThat(outsider.next()).isEqualTo("{\"type\":\"presence\",\"id\":\"p\",\"room\":\"pr\",\"payload\":{\"clients\":[" + aId + "]}}");
            outsider.send("{\"type\":\"presence\",\"room\":\"nobody-here\"}");
            assertThat(outsider.next()).isEqualTo("{\"type\":\"presence\",\"room\":\"nobody-here\",\"payload\":{\"clients\":[]}}");
        }
    }

    @Test
    void repliesFollowTheOrderOfTheRequests() {
        try (WsClient client = WsClient.open(uri, "/")) {
            for (int round = 0; round < 20; round++) {
                client.send("{\"type\":\"hello\",\"id\":1}");
                client.send("{\"type\":\"join\",\"room\":\"order-" + round + "\",\"id\":2}");
                client.send("{\"type\":\"publish\",\"room\":\"order-" + round + "\",\"payload\":0,\"id\":3}");
                client.send("{\"type\":\"presence\",\"room\":\"order-" + round + "\",\"id\":4}");
                client.send("{\"type\":\"join\",\"room\":\"server-time\",\"id\":5}");
                client.send("{\"type\":\"leave\",\"room\":\"server-time\",\"id\":6}");
                java.util.List<String> types = new java.util.ArrayList<>();
                while (types.size() < 7) {
                    String type = client.nextJson().get("type").asText();
                    if (!type.startsWith("api:")) {
                        types.add(type);
                    }
                }
                assertThat(types).containsExactly("welcome", "joined", "message", "ack", "presence", "joined", "left");
            }
        }
    }
}
