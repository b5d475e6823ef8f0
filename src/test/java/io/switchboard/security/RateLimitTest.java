package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.RawPeer;
import io.switchboard.testing.WsClient;

/**
 * Per-connection token buckets ({@link LimitsProfile}: 20 frames/s with bursts of 40, 64 KiB/s
 * with bursts of 128 KiB, 30 refusals tolerated): excess frames get {@code rate_limited} and are
 * not handled, the connection recovers when the client slows down, and one that keeps flooding is
 * closed with 4004. Other connections are not affected.
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
class RateLimitTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void framesPastTheBurstAreRefusedWithTheirIdsAndNotHandled() {
        try (WsClient client = WsClient.open(uri, "/"); WsClient bystander = WsClient.open(uri, "/")) {
            int sent = 60;
            for (int i = 0; i < sent; i++) {
                client.send("{\"type\":\"presence\",\"room\":\"r\",\"id\":" + i + "}");
            }
            int answered = 0;
            Set<Integer> refused = new HashSet<>();
            for (int i = 0; i < sent; i++) {
                JsonNode frame = nextNonNotice(client);
                if (frame.get("type").asText().equals("presence")) {
                    answered++;
                } else {
                    assertThat(frame.get("payload").get("code").asText()).isEqualTo("rate_limited");
                    refused.add(frame.get("id").asInt());
                }
            }
            // 40 in the burst, plus the few that trickled in while the frames were sent.
            assertThat(answered).isBetween(40, 59);
            assertThat(refused).isNotEmpty().allMatch(id -> id >= 40);
            assertThat(answered + refused.size()).isEqualTo(sent);

            // The bystander has its own buckets.
            bystander.send("{\"type\":\"hello\",\"id\":1}");
            assertThat(nextNonNotice(bystander).get("type").asText()).isEqualTo("welcome");

            // After a pause (the bucket refills at 20/s) the client is served again.
            assertThat(client.nextOrNull(Duration.ofMillis(500))).isNull();
            client.send("{\"type\":\"hello\",\"id\":\"again\"}");
            assertThat(nextNonNotice(client).get("type").asText()).isEqualTo("welcome");
        }
    }

    @Test
    void bytesPastTheByteBucketAreRefused() {
        try (WsClient client = WsClient.open(uri, "/")) {
            String big = "\"" + "b".repeat(60_000) + "\"";
            for (int i = 0; i < 3; i++) {
                client.send("{\"type\":\"broadcast\",\"payload\":" + big + ",\"id\":" + i + "}");
            }
            JsonNode first = nextNonNotice(client);
            assertThat(first.get("type").asText()).as("%s", first).isEqualTo("ack");
            JsonNode second = nextNonNotice(client);
            assertThat(second.get("type").asText()).as("%s", second).isEqualTo("ack");
            JsonNode third = nextNonNotice(client);
            assertThat(third.get("id").asInt()).isEqualTo(2);
            assertThat(third.get("payload").get("code").asText()).isEqualTo("rate_limited");
        }
    }

    @Test
    void aConnectionThatKeepsFloodingIsClosedWith4004() throws Exception {
        try (RawPeer flooder = RawPeer.request(uri, "/", java.util.Map.of(), null)) {
            assertThat(flooder.status()).isEqualTo(101);
            for (int i = 0; i < 200; i++) {
                flooder.sendText("{\"type\":\"presence\",\"room\":\"r\"}");
            }
            assertThat(flooder.readUntilClose().closeCode()).isEqualTo(4004);
        }
    }

    @Test
    void rawRelayFramesPastTheLimitAreDroppedAndPersistentFloodingCloses() throws Exception {
        try (RawPeer flooder = RawPeer.request(uri, "/raw/flood-limit", java.util.Map.of(), null)) {
            assertThat(flooder.status()).isEqualTo(101);
            for (int i = 0; i < 200; i++) {
                flooder.sendText("frame " + i);
            }
            int echoed = 0;
            RawPeer.WireFrame frame;
            while ((frame = flooder.read()).opcode() != 8) {
                echoed++;
            }
            assertThat(frame.closeCode()).isEqualTo(4004);
            assertThat(echoed).isBetween(1, 100);
        }
    }

    private static JsonNode nextNonNotice(WsClient client) {
        for (;;) {
            JsonNode frame = client.nextJson();
            if (!frame.get("type").asText().startsWith("client:")) {
                return frame;
            }
        }
    }
}
