package io.switchboard.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.Metrics;
import io.switchboard.testing.WsClient;

/** /q/metrics under real socket traffic: every Switchboard meter moves when its event happens. */
@QuarkusTest
class HubMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int MESSAGES = 20;

    @TestHTTPResource("/")
    URI uri;

    @Test
    void connectionsByTransportFollowOpenSockets() {
        double before = Metrics.scrape(uri).value("switchboard_connections", "transport", "websocket");
        try (HubClients clients = HubClients.open(uri, 3)) {
            await().atMost(WAIT).until(() -> Metrics.scrape(uri).value("switchboard_connections", "transport", "websocket") >= before + 3);
        }
        await().atMost(WAIT).until(() -> Metrics.scrape(uri).value("switchboard_connections", "transport", "websocket") <= before);
    }

    @Test
    void openSocketsAreCountedWithoutATimerEach() {
        try (HubClients clients = HubClients.open(uri, 3); WsClient echo = WsClient.open(uri, "/echo")) {
            echo.send("counted");
            assertThat(echo.next()).isEqualTo("counted");
            Metrics m = Metrics.scrape(uri);
            assertThat(m.names()).contains("http_server_active_connections")
                    .noneMatch(name -> name.startsWith("http_server_connections_")
                            || name.startsWith("http_server_websocket_connections_"));
        }
    }

    @Test
    void publishesCountInOutFanOutJoinsAndBackplaneRoundTrips() {
        try (HubClients clients = HubClients.open(uri, 3)) {
            Metrics before = Metrics.scrape(uri);
            for (int i = 0; i < 3; i++) {
                clients.join(i, "metered");
            }
            clients.get(0).nextJson(); // room:joined of 1 and 2
            clients.get(0).nextJson();
            clients.get(1).nextJson();
            for (int i = 0; i < MESSAGES; i++) {
                clients.get(0).send("{\"type\":\"publish\",\"room\":\"metered\",\"payload\":" + i + "}");
            }
            for (int i = 0; i < 3; i++) {
                for (int m = 0; m < MESSAGES; m++) {
                    assertThat(clients.get(i).nextJson().get("type").asText()).isEqualTo("message");
                }
            }
            Metrics after = Metrics.scrape(uri);
            // 3 joins + 20 publishes in; 20 × 3 deliveries (+ the join notices) out.
            assertThat(after.value("switchboard_messages_in_total") - before.value("switchboard_messages_in_total"))
                    .isBetween(3.0 + MESSAGES, 3.0 + MESSAGES + 10);
            assertThat(after.value("switchboard_messages_out_total") - before.value("switchboard_messages_out_total"))
                    .isBetween(3.0 * MESSAGES + 3, 3.0 * MESSAGES + 20);
            assertThat(after.value("switchboard_joins_total") - before.value("switchboard_joins_total")).isEqualTo(3.0);
            assertThat(after.value("switchboard_fanout_recipients_count") - before.value("switchboard_fanout_recipients_count"))
                    .isGreaterThanOrEqualTo(MESSAGES);
            assertThat(after.value("switchboard_fanout_recipients_sum") - before.value("switchboard_fanout_recipients_sum"))
                    .isGreaterThanOrEqualTo(3.0 * MESSAGES);
            assertThat(after.value("switchboard_fanout_recipients_bucket", "le", "10.0")
                    - before.value("switchboard_fanout_recipients_bucket", "le", "10.0")).isGreaterThanOrEqualTo(MESSAGES);
            assertThat(after.value("switchboard_backplane_latency_seconds_count", "operation", "publish")
                    - before.value("switchboard_backplane_latency_seconds_count", "operation", "publish")).isEqualTo(MESSAGES);
            assertThat(after.value("switchboard_backplane_latency_seconds_count", "operation", "join")
                    - before.value("switchboard_backplane_latency_seconds_count", "operation", "join")).isEqualTo(3.0);
            assertThat(after.value("switchboard_history_bytes")).isPositive();
            assertThat(after.value("switchboard_rooms")).isGreaterThanOrEqualTo(2.0); // lobby and metered
        }
    }

    @Test
    void errorFramesCountByCode() {
        try (WsClient a = WsClient.open(uri, "/")) {
            a.hello();
            double before = Metrics.scrape(uri).value("switchboard_errors_total", "code", "bad_json");
            a.send("{nope");
            assertThat(a.nextJson().at("/payload/code").asText()).isEqualTo("bad_json");
            a.send("{\"type\":\"publish\",\"room\":\"not-joined\",\"payload\":1}");
            assertThat(a.nextJson().at("/payload/code").asText()).isEqualTo("not_member");
            Metrics after = Metrics.scrape(uri);
            assertThat(after.value("switchboard_errors_total", "code", "bad_json") - before).isEqualTo(1.0);
            assertThat(after.value("switchboard_errors_total", "code", "not_member")).isPositive();
        }
    }

    @Test
    void serverClosesCountByCode() {
        try (WsClient a = WsClient.open(uri, "/")) {
            long id = a.hello();
            double before = Metrics.scrape(uri).value("switchboard_closes_total", "code", "4500", "reason", "kicked");
            given().header("Authorization", "Bearer test-key").delete("/api/clients/" + id).then().statusCode(204);
            assertThat(a.closeCode()).isEqualTo(4500);
            assertThat(Metrics.scrape(uri).value("switchboard_closes_total", "code", "4500", "reason", "kicked") - before)
                    .isEqualTo(1.0);
        }
    }

    @Test
    void everyMeterIsServedBeforeItsFirstEvent() {
        Metrics m = Metrics.scrape(uri);
        assertThat(m.has("switchboard_frames_dropped_total")).isTrue();
        assertThat(m.has("switchboard_closes_total", "code", "4002", "reason", "slow_consumer")).isTrue();
        assertThat(m.has("switchboard_errors_total", "code", "unavailable")).isTrue();
        assertThat(m.value("switchboard_backplane_reachable")).isEqualTo(1.0);
        assertThat(m.value("switchboard_draining")).isEqualTo(0.0);
        // The JVM and HTTP meters of Quarkus come along.
        assertThat(m.has("jvm_memory_used_bytes", "area", "heap", "id", "G1 Eden Space")
                || m.value("jvm_threads_live_threads") > 0).isTrue();
    }
}
