package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.WsClient;

/** Offsets, epochs, history on join and resume with {@code since}, over real sockets. */
@QuarkusTest
class RoomHistoryTest {

    @TestHTTPResource("/")
    URI uri;

    /** Joins {@code room} and returns the {@code joined} reply. */
    static JsonNode join(WsClient client, String room, String extra) {
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\"" + extra + "}");
        JsonNode joined;
        do { // past lobby notices of other tests' clients
            joined = client.nextJson();
        } while (joined.path("type").asText().startsWith("client:"));
        assertThat(joined.get("type").asText()).as(joined.toString()).isEqualTo("joined");
        return joined;
    }

    static void publish(WsClient client, String room, int n) {
        client.send("{\"type\":\"publish\",\"room\":\"" + room + "\",\"payload\":" + n + "}");
    }

    /** The offsets of the next {@code count} frames, which must all be messages of {@code room}. */
    static List<Long> offsets(WsClient client, String room, int count) {
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode frame = client.nextJson();
            assertThat(frame.get("type").asText()).as(frame.toString()).isEqualTo("message");
            assertThat(frame.get("room").asText()).isEqualTo(room);
            offsets.add(frame.get("offset").asLong());
        }
        return offsets;
    }

    @Test
    void everyPublishGetsTheNextOffsetAndJoinedTellsTheLatest() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            JsonNode first = join(a, "h1", "");
            assertThat(first.at("/payload/offset").asLong()).isZero();
            String epoch = first.at("/payload/epoch").asText();
            assertThat(epoch).isNotBlank();
            assertThat(first.at("/payload/recovered").isMissingNode()).isTrue();
            for (int i = 1; i <= 3; i++) {
                publish(a, "h1", i);
            }
            assertThat(offsets(a, "h1", 3)).containsExactly(1L, 2L, 3L);

            JsonNode late = join(clients.get(1), "h1", "");
            assertThat(late.at("/payload/offset").asLong()).isEqualTo(3);
            assertThat(late.at("/payload/epoch").asText()).isEqualTo(epoch);
            clients.get(1).expectNothingElse();
        }
    }

    @Test
    void aJoinWithHistoryReplaysTheLastMessagesAfterJoined() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            join(a, "h2", "");
            for (int i = 1; i <= 12; i++) {
                publish(a, "h2", i);
            }
            offsets(a, "h2", 12);
            WsClient late = clients.get(1);
            JsonNode joined = join(late, "h2", ",\"history\":10");
            assertThat(joined.at("/payload/offset").asLong()).isEqualTo(12);
            for (int i = 3; i <= 12; i++) {
                JsonNode m = late.nextJson();
                assertThat(m.get("offset").asLong()).isEqualTo(i);
                assertThat(m.get("payload").asInt()).isEqualTo(i);
                assertThat(m.get("from").asLong()).isEqualTo(clients.id(0));
            }
            late.expectNothingElse();
        }
    }

    @Test
    void aResumeGetsExactlyWhatWasMissedThenLiveMessages() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            String epoch = join(a, "h3", "").at("/payload/epoch").asText();
            for (int i = 1; i <= 5; i++) {
                publish(a, "h3", i);
            }
            offsets(a, "h3", 5);
            WsClient b = clients.get(1);
            JsonNode joined = join(b, "h3", ",\"since\":{\"offset\":2,\"epoch\":\"" + epoch + "\"},\"history\":1");
            assertThat(joined.at("/payload/recovered").asBoolean()).isTrue();
            assertThat(offsets(b, "h3", 3)).containsExactly(3L, 4L, 5L);
            publish(a, "h3", 6);
            assertThat(offsets(b, "h3", 1)).containsExactly(6L);
            b.expectNothingElse();
        }
    }

    @Test
    void aMemberMayResumeAgainAfterASuspectedGap() {
        try (HubClients clients = HubClients.open(uri, 1)) {
            WsClient a = clients.get(0);
            String epoch = join(a, "h4", "").at("/payload/epoch").asText();
            for (int i = 1; i <= 4; i++) {
                publish(a, "h4", i);
            }
            offsets(a, "h4", 4);
            JsonNode again = join(a, "h4", ",\"since\":{\"offset\":1,\"epoch\":\"" + epoch + "\"},\"id\":9");
            assertThat(again.get("id").asInt()).isEqualTo(9);
            assertThat(again.at("/payload/recovered").asBoolean()).isTrue();
            assertThat(offsets(a, "h4", 3)).containsExactly(2L, 3L, 4L);
            a.expectNothingElse();
        }
    }

    @Test
    void aStaleEpochOrAnEvictedOffsetIsNotRecovered() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            WsClient a = clients.get(0);
            String epoch = join(a, "h5", "").at("/payload/epoch").asText();
            // 100 messages are kept: after 105, offsets 1-5 are gone.
            for (int i = 1; i <= 105; i++) {
                publish(a, "h5", i);
            }
            offsets(a, "h5", 105);
            WsClient b = clients.get(1);
            JsonNode stale = join(b, "h5", ",\"since\":{\"offset\":100,\"epoch\":\"not-" + epoch + "\"}");
            assertThat(stale.at("/payload/recovered").asBoolean()).isFalse();
            assertThat(stale.at("/payload/offset").asLong()).isEqualTo(105);
            b.expectNothingElse();
            // With history as well, a failed resume resyncs in the same round trip.
            JsonNode resync = join(b, "h5", ",\"since\":{\"offset\":100,\"epoch\":\"x\"},\"history\":2");
            assertThat(resync.at("/payload/recovered").asBoolean()).isFalse();
            assertThat(offsets(b, "h5", 2)).containsExactly(104L, 105L);
            b.expectNothingElse();
            JsonNode evicted = join(b, "h5", ",\"since\":{\"offset\":4,\"epoch\":\"" + epoch + "\"}");
            assertThat(evicted.at("/payload/recovered").asBoolean()).isFalse();
            b.expectNothingElse();
            JsonNode edge = join(b, "h5", ",\"since\":{\"offset\":5,\"epoch\":\"" + epoch + "\"}");
            assertThat(edge.at("/payload/recovered").asBoolean()).isTrue();
            assertThat(offsets(b, "h5", 100)).first().isEqualTo(6L);
            b.expectNothingElse();
        }
    }

    @Test
    void excludedRoomsAndFeedRoomsKeepNoHistory() {
        try (HubClients clients = HubClients.open(uri, 1)) {
            WsClient a = clients.get(0);
            JsonNode joined = join(a, "nohist:1", ",\"since\":{\"offset\":0,\"epoch\":\"x\"}");
            assertThat(joined.at("/payload/offset").isMissingNode()).isTrue();
            assertThat(joined.at("/payload/recovered").asBoolean()).isFalse();
            a.send("{\"type\":\"publish\",\"room\":\"nohist:1\",\"payload\":1,\"id\":1}");
            assertThat(a.next()).isEqualTo("{\"type\":\"message\",\"room\":\"nohist:1\",\"from\":" + clients.id(0) + ",\"payload\":1}");
            assertThat(a.next()).isEqualTo("{\"type\":\"ack\",\"id\":1}");
            JsonNode feed = join(a, "ticker", "");
            assertThat(feed.at("/payload/offset").isMissingNode()).isTrue();
            assertThat(feed.at("/payload/state").isMissingNode()).isTrue();
        }
    }

    @Test
    void historyAndEpochOutliveTheRoomEmptying() {
        String epoch;
        try (HubClients clients = HubClients.open(uri, 1)) {
            epoch = join(clients.get(0), "h6", "").at("/payload/epoch").asText();
            publish(clients.get(0), "h6", 1);
            offsets(clients.get(0), "h6", 1);
        }
        try (HubClients clients = HubClients.open(uri, 1)) {
            JsonNode joined = join(clients.get(0), "h6", ",\"since\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}");
            assertThat(joined.at("/payload/recovered").asBoolean()).isTrue();
            assertThat(offsets(clients.get(0), "h6", 1)).containsExactly(1L);
        }
    }
}
