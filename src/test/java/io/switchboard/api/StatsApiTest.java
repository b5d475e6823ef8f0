package io.switchboard.api;

import static io.switchboard.api.Api.authed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.testing.HubClients;

/** GET /api/stats: this node's connections, rooms and rates move with real traffic. */
@QuarkusTest
class StatsApiTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI uri;

    private static JsonPath stats() {
        return authed().get("/api/stats").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void connectionsRoomsAndRatesFollowTraffic() {
        int before = stats().getInt("connections.websocket");
        try (HubClients clients = HubClients.open(uri, 2)) {
            clients.join(0, "stats-room");
            clients.join(1, "stats-room");
            clients.get(0).nextJson();
            await().atMost(WAIT).until(() -> stats().getInt("connections.websocket") >= before + 2);
            JsonPath now = stats();
            assertThat(now.getInt("rooms")).isGreaterThanOrEqualTo(2);
            assertThat(now.getBoolean("ready")).isTrue();
            assertThat(now.getString("node")).isNotBlank();
            long inBefore = now.getLong("messagesIn");
            long outBefore = now.getLong("messagesOut");

            // Keep traffic flowing until the per-second rates (sampled every second) show it.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                clients.get(0).send("{\"type\":\"publish\",\"room\":\"stats-room\",\"payload\":1}");
                clients.get(0).nextJson();
                clients.get(1).nextJson();
                JsonPath s = stats();
                return s.getDouble("messagesInPerSecond") > 0 && s.getDouble("messagesOutPerSecond") > 0;
            });
            JsonPath after = stats();
            assertThat(after.getLong("messagesIn")).isGreaterThan(inBefore);
            assertThat(after.getLong("messagesOut")).isGreaterThanOrEqualTo(outBefore + 2);
            assertThat(after.getLong("joins")).isGreaterThanOrEqualTo(2);
            assertThat(after.getLong("historyBytes")).isPositive();
        }
    }
}
