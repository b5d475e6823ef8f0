package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.WsClient;

/**
 * The join race: one client publishes as fast as it can while a dozen others drop and resume with
 * {@code since} at offsets they saw moments before, on a new connection or on the same one. Each
 * must see every offset after its {@code since} exactly once, in order. Rounds repeat the race
 * ({@code -Drace.rounds=N} to hammer it longer).
 */
@QuarkusTest
@TestProfile(ResumeRaceTest.LongHistory.class)
class ResumeRaceTest {
    /**
     * History long enough that a resumer's offset is never evicted while it races the publisher,
     * and the production keep-alive: on a loaded machine a reader deep in a burst may answer a
     * ping later than the test profile's 600 ms.
     */
    public static final class LongHistory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.history.size", "5000", "switchboard.keep-alive.ping-interval", "25s",
                    "switchboard.keep-alive.timeout", "10s");
        }
    }

    private static final int ROUNDS = Integer.getInteger("race.rounds", 6);
    private static final int MESSAGES = 1500;
    private static final int RESUMERS = 12;

    @TestHTTPResource("/")
    URI uri;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void resumingWhilePublishingLosesAndDoublesNothing() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            race("race-" + round + "-" + System.nanoTime() % 100_000);
        }
    }

    private void race(String room) throws Exception {
        try (WsClient publisher = WsClient.open(uri, "/", "switchboard.v1")) {
            publisher.hello();
            String epoch = RoomHistoryTest.join(publisher, room, ",\"events\":false").at("/payload/epoch").asText();
            List<WsClient> watchers = new ArrayList<>();
            for (int i = 0; i < RESUMERS; i++) {
                WsClient w = WsClient.open(uri, "/", "switchboard.v1");
                w.hello();
                RoomHistoryTest.join(w, room, ",\"events\":false");
                watchers.add(w);
            }
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int n = 1; n <= MESSAGES; n++) {
                    publisher.send("{\"type\":\"publish\",\"room\":\"" + room + "\",\"payload\":" + n + "}");
                }
            }, pool);
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (int i = 0; i < RESUMERS; i++) {
                WsClient w = watchers.get(i);
                boolean sameConnection = i % 3 == 0;
                checks.add(CompletableFuture.runAsync(() -> resume(w, room, epoch, sameConnection), pool));
            }
            for (CompletableFuture<Void> check : checks) {
                check.get(120, TimeUnit.SECONDS);
            }
            publishing.get(60, TimeUnit.SECONDS);
            watchers.forEach(WsClient::close);
        }
    }

    /** Reads a few messages, resumes from the last one seen, then checks the run up to the end. */
    private void resume(WsClient first, String room, String epoch, boolean sameConnection) {
        int seen = ThreadLocalRandom.current().nextInt(1, 200);
        long last = 0;
        for (int i = 0; i < seen; i++) {
            JsonNode m = first.nextJson();
            long offset = m.get("offset").asLong();
            assertThat(offset).as("live run before the drop").isEqualTo(last + 1);
            last = offset;
        }
        WsClient client = first;
        if (!sameConnection) {
            first.close();
            client = WsClient.open(uri, "/", "switchboard.v1");
            client.hello();
        }
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"events\":false,\"since\":{\"offset\":" + last
                + ",\"epoch\":\"" + epoch + "\"}}");
        JsonNode frame = client.nextJson();
        // On the same connection, live messages may still arrive before the joined reply.
        while (!"joined".equals(frame.get("type").asText())) {
            assertThat(frame.get("type").asText()).isEqualTo("message");
            frame = client.nextJson();
        }
        assertThat(frame.at("/payload/recovered").asBoolean()).as(frame.toString()).isTrue();
        long expected = last + 1;
        while (expected <= MESSAGES) {
            JsonNode m = client.nextJson();
            assertThat(m.get("offset").asLong()).as("after resuming from " + last).isEqualTo(expected);
            assertThat(m.get("payload").asLong()).isEqualTo(expected);
            expected++;
        }
        client.expectNothingElse();
        if (client != first) {
            client.close();
        }
    }
}
