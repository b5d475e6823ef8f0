package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.NodeClients;
import io.switchboard.testing.WsClient;

/**
 * The Node {@code ws} client (src/test/node) against every endpoint: unlike the JDK client it sends
 * a large message as one frame, so the frame limit itself is on trial, not only the message limit.
 */
@QuarkusTest
class NodeWsClientTest {

    @TestHTTPResource("/")
    URI uri;

    /** What the client saw, less the hub's notices about other clients, which may come at any time. */
    private List<JsonNode> play(String path, String scenario) {
        return NodeClients.run("ws-client.mjs", WsClient.ws(uri, path).toString(), scenario).stream()
                .filter(e -> !e.path("data").asText().startsWith("{\"type\":\"client:"))
                .toList();
    }

    private static JsonNode last(List<JsonNode> events) {
        assertThat(events).as("events").isNotEmpty();
        return events.get(events.size() - 1);
    }

    /** One frame over the limit, or fragments under it that add up to more. */
    @ParameterizedTest
    @CsvSource({
        "/echo, oversize-frame", "/raw/node-big, oversize-frame", "/, oversize-frame",
        "/echo, oversize-fragments", "/raw/node-fragments, oversize-fragments", "/, oversize-fragments"})
    void anOversizeMessageGetsTheCloseFrame1009(String path, String scenario) {
        List<JsonNode> events = play(path, scenario);
        assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("open", "close");
        assertThat(last(events).get("code").asInt()).isEqualTo(1009);
        assertThat(last(events).get("reason").asText())
                .isEqualTo(scenario.equals("oversize-frame") ? "Max frame length of 65536 has been exceeded." : "message larger than 65536 bytes");
    }

    @Test
    void messagesAtTheLimitAndPingsComeBackAndACloseIsAnsweredWithItsCode() {
        List<JsonNode> events = play("/echo", "echo");
        // The pong may overtake the answers to the messages sent before the ping.
        assertThat(events).extracting(e -> e.get("event").asText())
                .containsExactlyInAnyOrder("open", "message", "message", "pong", "close");
        assertThat(events.get(0).get("event").asText()).isEqualTo("open");
        List<JsonNode> messages = events.stream().filter(e -> e.get("event").asText().equals("message")).toList();
        assertThat(messages.get(0).get("binary").asBoolean()).isFalse();
        assertThat(messages.get(0).get("length").asInt()).isEqualTo(65536);
        assertThat(messages.get(0).get("sameAsSent").asBoolean()).isTrue();
        assertThat(messages.get(1).get("binary").asBoolean()).isTrue();
        assertThat(messages.get(1).get("sameAsSent").asBoolean()).isTrue();
        assertThat(events).filteredOn(e -> e.get("event").asText().equals("pong"))
                .extracting(e -> e.get("data").asText()).containsExactly("are you there");
        assertThat(last(events).get("event").asText()).isEqualTo("close");
        assertThat(last(events).get("code").asInt()).isEqualTo(1000);

        List<JsonNode> closing = play("/raw/node-close", "close-4321");
        assertThat(last(closing).get("code").asInt()).isEqualTo(4321);
        assertThat(last(closing).get("reason").asText()).isEqualTo("private code");
    }
}
