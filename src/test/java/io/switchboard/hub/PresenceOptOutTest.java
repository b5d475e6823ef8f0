package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

/**
 * The two presence opt-outs that keep crowds O(N): the {@code switchboard.v1} subprotocol (no
 * lobby notices) and {@code "events":false} on join (no room notices, no member list).
 */
@QuarkusTest
class PresenceOptOutTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aV1ClientHearsNoLobbyNoticesButOthersHearAboutIt() {
        try (WsClient plain = WsClient.open(uri, "/")) {
            long plainId = plain.hello();
            try (WsClient v1 = WsClient.open(uri, "/", "switchboard.v1")) {
                assertThat(v1.subprotocol()).isEqualTo("switchboard.v1");
                long v1Id = v1.hello();
                assertThat(plain.next()).isEqualTo("{\"type\":\"client:connected\",\"payload\":\"Client " + v1Id
                        + " connected\",\"client\":" + v1Id + "}");
                try (WsClient late = WsClient.open(uri, "/")) {
                    long lateId = late.hello();
                    assertThat(plain.nextJson().get("client").asLong()).isEqualTo(lateId);
                }
                assertThat(plain.nextJson().get("type").asText()).isEqualTo("client:disconnected");
                v1.expectNothingElse();
            // Lobby broadcasts still reach v1 clients.
                plain.send("{\"type\":\"broadcast\",\"payload\":\"all\"}");
                assertThat(v1.next()).isEqualTo("{\"type\":\"broadcast\",\"payload\":\"all\",\"from\":" + plainId + "}");
            }
        }
    }

    @Test
    void aJoinWithoutEventsGetsNoMemberListAndNoRoomNotices() {
        try (WsClient quiet = WsClient.open(uri, "/", "switchboard.v1");
                WsClient loud = WsClient.open(uri, "/", "switchboard.v1")) {
            long quietId = quiet.hello();
            long loudId = loud.hello();
            RoomHistoryTest.join(loud, "opt", "");
            JsonNode joined = RoomHistoryTest.join(quiet, "opt", ",\"events\":false");
            assertThat(joined.at("/payload/clients").isMissingNode()).isTrue();
            assertThat(loud.next()).isEqualTo("{\"type\":\"room:joined\",\"room\":\"opt\",\"client\":" + quietId + "}");
            loud.send("{\"type\":\"leave\",\"room\":\"opt\"}");
            assertThat(loud.nextJson().get("type").asText()).isEqualTo("left");
            loud.send("{\"type\":\"join\",\"room\":\"opt\"}");
            assertThat(loud.nextJson().get("type").asText()).isEqualTo("joined");
            quiet.expectNothingElse();
            quiet.send("{\"type\":\"presence\",\"room\":\"opt\",\"id\":1}");
            assertThat(quiet.next()).isEqualTo("{\"type\":\"presence\",\"id\":1,\"room\":\"opt\",\"payload\":{\"clients\":["
                    + Math.min(quietId, loudId) + "," + Math.max(quietId, loudId) + "]}}");

            // Joining again with events turns the notices on.
            RoomHistoryTest.join(quiet, "opt", "");
            loud.close();
            assertThat(quiet.next()).isEqualTo("{\"type\":\"room:left\",\"room\":\"opt\",\"client\":" + loudId + "}");
        }
    }
}
