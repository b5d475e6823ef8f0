package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.WsClient;

/**
 * What time does to late joiners: history expires after its TTL (and an empty room's epoch with it),
 * and a feed's latest item greets a new member at once instead of one interval later.
 */
@QuarkusTest
@TestProfile(LateJoinerTimingTest.ShortHistorySlowFeeds.class)
class LateJoinerTimingTest {

    /** Messages live one second; the clock feed ticks once an hour. */
    public static final class ShortHistorySlowFeeds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.history.ttl", "1s", "switchboard.feeds.server-time.interval", "1h");
        }
    }

    @TestHTTPResource("/")
    URI uri;

    @Test
    void messagesOlderThanTheTtlAreNotRecovered() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            String epoch = RoomHistoryTest.join(a, "ttl1", "").at("/payload/epoch").asText();
            RoomHistoryTest.publish(a, "ttl1", 1);
            RoomHistoryTest.offsets(a, "ttl1", 1);
            JsonNode fresh = RoomHistoryTest.join(clients.get(1), "ttl1", ",\"since\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}");
            assertThat(fresh.at("/payload/recovered").asBoolean()).isTrue();
            assertThat(RoomHistoryTest.offsets(clients.get(1), "ttl1", 1)).containsExactly(1L);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                JsonNode later = RoomHistoryTest.join(clients.get(1), "ttl1", ",\"since\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}");
                assertThat(later.at("/payload/recovered").asBoolean()).isFalse();
                // The room is occupied: its epoch and offsets stay.
                assertThat(later.at("/payload/epoch").asText()).isEqualTo(epoch);
                assertThat(later.at("/payload/offset").asLong()).isEqualTo(1);
            });
        }
    }

    @Test
    void anEmptyRoomForgetsItsEpochAndStateAfterTheTtl() {
        String epoch;
        try (HubClients clients = HubClients.open(uri, 1)) {
            WsClient a = clients.get(0);
            epoch = RoomHistoryTest.join(a, "ttl2", "").at("/payload/epoch").asText();
            a.send("{\"type\":\"set\",\"room\":\"ttl2\",\"key\":\"k\",\"value\":1,\"id\":1}");
            assertThat(a.nextJson().get("type").asText()).isEqualTo("state");
            assertThat(a.nextJson().get("type").asText()).isEqualTo("ack");
        }
        try (HubClients clients = HubClients.open(uri, 1)) {
            WsClient b = clients.get(0);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                b.send("{\"type\":\"presence\",\"room\":\"ttl2\",\"id\":\"p\"}");
                // reply(): the lobby notice of the first client's departure may come first.
                assertThat(b.reply("p").at("/payload/clients").size()).isZero();
            });
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                JsonNode joined = RoomHistoryTest.join(b, "ttl2", ",\"since\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}");
                b.send("{\"type\":\"leave\",\"room\":\"ttl2\",\"id\":\"l\"}");
                assertThat(b.reply("l").get("type").asText()).isEqualTo("left");
                assertThat(joined.at("/payload/epoch").asText()).isNotEqualTo(epoch);
                assertThat(joined.at("/payload/recovered").asBoolean()).isFalse();
                assertThat(joined.at("/payload/state").toString()).isEqualTo("{}");
            });
        }
    }

    @Test
    void aFeedsLatestItemFollowsJoinedAtOnce() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient first = clients.get(0);
            RoomHistoryTest.join(first, "server-time", "");
            JsonNode tick = first.nextJson();
            assertThat(tick.get("type").asText()).isEqualTo("api:server-time");
            // The next tick is an hour away: the late joiner's item can only be the latest one.
            WsClient late = clients.get(1);
            RoomHistoryTest.join(late, "server-time", "");
            assertThat(late.nextJson()).isEqualTo(tick);
            late.expectNothingElse();
        }
    }
}
