package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.WsClient;

/** Shared room state: deltas to every member, the snapshot in joined, limits and errors. */
@QuarkusTest
class RoomStateTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aChangeReachesEveryMemberTheSetterIncludedThenAcks() {
        try (HubClients clients = HubClients.open(uri, 3)) {
            WsClient a = clients.get(0);
            WsClient b = clients.get(1);
            RoomHistoryTest.join(a, "st1", ",\"events\":false");
            RoomHistoryTest.join(b, "st1", ",\"events\":false");
            a.send("{\"type\":\"set\",\"room\":\"st1\",\"key\":\"volume\",\"value\":0.7,\"id\":\"s1\"}");
            String delta = "{\"type\":\"state\",\"room\":\"st1\",\"payload\":{\"volume\":0.7}}";
            assertThat(a.next()).isEqualTo(delta);
            assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":\"s1\"}");
            assertThat(b.next()).isEqualTo(delta);
            b.send("{\"type\":\"unset\",\"room\":\"st1\",\"key\":\"volume\"}");
            String removed = "{\"type\":\"state\",\"room\":\"st1\",\"payload\":{\"volume\":null}}";
            assertThat(a.next()).isEqualTo(removed);
            assertThat(b.next()).isEqualTo(removed);
            b.expectNothingElse();
            clients.get(2).expectNothingElse();
        }
    }

    @Test
    void aLateJoinerGetsTheWholeStateInJoined() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            RoomHistoryTest.join(a, "st2", "");
            a.send("{\"type\":\"set\",\"room\":\"st2\",\"key\":\"colour\",\"value\":\"#ff8800\"}");
            a.send("{\"type\":\"set\",\"room\":\"st2\",\"key\":\"scene\",\"value\":{\"lights\":[1,2],\"on\":true}}");
            a.send("{\"type\":\"set\",\"room\":\"st2\",\"key\":\"colour\",\"value\":\"#00ff00\",\"id\":3}");
            for (int i = 0; i < 3; i++) {
                assertThat(a.nextJson().get("type").asText()).isEqualTo("state");
            }
            assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":3}");
            JsonNode joined = RoomHistoryTest.join(clients.get(1), "st2", "");
            assertThat(joined.at("/payload/state").toString())
                    .isEqualTo("{\"colour\":\"#00ff00\",\"scene\":{\"lights\":[1,2],\"on\":true}}");
        }
    }

    @Test
    void stateChangesAreOrderedWithMessages() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            WsClient b = clients.get(1);
            RoomHistoryTest.join(a, "st3", ",\"events\":false");
            RoomHistoryTest.join(b, "st3", ",\"events\":false");
            for (int i = 0; i < 50; i++) {
                a.send("{\"type\":\"publish\",\"room\":\"st3\",\"payload\":" + i + "}");
                a.send("{\"type\":\"set\",\"room\":\"st3\",\"key\":\"n\",\"value\":" + i + "}");
            }
            for (int i = 0; i < 50; i++) {
                JsonNode m = b.nextJson();
                assertThat(m.get("type").asText()).isEqualTo("message");
                assertThat(m.get("payload").asInt()).isEqualTo(i);
                assertThat(b.nextJson().toString()).isEqualTo("{\"type\":\"state\",\"room\":\"st3\",\"payload\":{\"n\":" + i + "}}");
            }
        }
    }

    @Test
    void badChangesGetClearErrors() {
        try (HubClients clients = HubClients.open(uri, 1)) {
            WsClient a = clients.get(0);
            a.send("{\"type\":\"set\",\"room\":\"st4\",\"key\":\"k\",\"value\":1,\"id\":1}");
            assertThat(a.nextJson().at("/payload/code").asText()).isEqualTo("not_member");
            RoomHistoryTest.join(a, "st4", "");
            RoomHistoryTest.join(a, "server-time", "");
            a.send("{\"type\":\"set\",\"room\":\"server-time\",\"key\":\"k\",\"value\":1,\"id\":2}");
            JsonNode feed = nextError(a);
            assertThat(feed.at("/payload/code").asText()).isEqualTo("forbidden");
            a.send("{\"type\":\"set\",\"room\":\"st4\",\"value\":1,\"id\":3}");
            assertThat(nextError(a).at("/payload/code").asText()).isEqualTo("bad_request");
            a.send("{\"type\":\"set\",\"room\":\"st4\",\"key\":\"k\",\"id\":4}");
            assertThat(nextError(a).at("/payload/message").asText()).isEqualTo("\"value\" is required");
            a.send("{\"type\":\"set\",\"room\":\"st4\",\"key\":\"k\",\"value\":\"" + "x".repeat(16_400) + "\",\"id\":5}");
            JsonNode big = nextError(a);
            assertThat(big.get("id").asInt()).isEqualTo(5);
            assertThat(big.at("/payload/code").asText()).isEqualTo("limit_exceeded");
            a.send("{\"type\":\"unset\",\"room\":\"st4\",\"key\":\"" + "k".repeat(129) + "\",\"id\":6}");
            assertThat(nextError(a).at("/payload/code").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void aRoomHoldsAtMostMaxKeysKeys() {
        try (HubClients clients = HubClients.open(uri, 1)) {
            WsClient a = clients.get(0);
            RoomHistoryTest.join(a, "st5", ",\"events\":false");
            for (int i = 0; i < 256; i++) {
                a.send("{\"type\":\"set\",\"room\":\"st5\",\"key\":\"k" + i + "\",\"value\":" + i + "}");
            }
            for (int i = 0; i < 256; i++) {
                assertThat(a.nextJson().get("type").asText()).isEqualTo("state");
            }
            a.send("{\"type\":\"set\",\"room\":\"st5\",\"key\":\"one-too-many\",\"value\":1,\"id\":\"x\"}");
            JsonNode error = a.nextJson();
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.at("/payload/code").asText()).isEqualTo("limit_exceeded");
            assertThat(error.at("/payload/message").asText()).contains("256");
            // Changing a key that exists is still allowed.
            a.send("{\"type\":\"set\",\"room\":\"st5\",\"key\":\"k0\",\"value\":\"changed\",\"id\":\"y\"}");
            assertThat(a.next()).isEqualTo("{\"type\":\"state\",\"room\":\"st5\",\"payload\":{\"k0\":\"changed\"}}");
            assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":\"y\"}");
        }
    }

    /** The next error frame, skipping feed pushes. */
    private static JsonNode nextError(WsClient client) {
        JsonNode frame = client.nextJson();
        while (frame.get("type").asText().startsWith("api:")) {
            frame = client.nextJson();
        }
        assertThat(frame.get("type").asText()).as(frame.toString()).isEqualTo("error");
        return frame;
    }
}
