package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The HTTP long-polling transport on raw bytes: payloads both ways, and the ways a session ends
 * (the heartbeat and connect timeout are in {@link SocketIoSettingsTest}).
 */
@QuarkusTest
class EngineIoPollingTest {
    private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aPostIsAnsweredOkAndItsPacketsAreAnsweredOnTheNextGet() {
        PollingClient client = PollingClient.open(uri);

        RawHttp.Response post = client.post("40");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.header("Content-Type")).isEqualTo("text/html");
        assertThat(post.text()).isEqualTo("ok");

        RawHttp.Response get = client.get();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(get.header("Cache-Control")).isEqualTo("no-store");
        assertThat(get.text()).startsWith("40{\"sid\":\"");
    }

    @Test
    void severalPacketsInOnePostAreHandledInOrder() {
        PollingClient client = PollingClient.connected(uri);

        client.postOk("421[\"join\",\"poll-order\"]\u001e422[\"presence\",\"poll-order\"]\u001e423[\"leave\",\"poll-order\"]");

        assertThat(client.next()).matches("431\\[\\{\"type\":\"joined\",\"room\":\"poll-order\",\"payload\":\\{\"clients\":\\[\\d+],\"offset\":0,\"epoch\":\"[0-9a-f]+\",\"state\":\\{}}}]");
        assertThat(client.next()).matches("432\\[\\{\"type\":\"presence\",\"room\":\"poll-order\",\"payload\":\\{\"clients\":\\[\\d+]}}]");
        assertThat(client.next()).isEqualTo("433[{\"type\":\"left\",\"room\":\"poll-order\"}]");
    }

    @Test
    void binaryTravelsAsBase64BothWays() {
        PollingClient client = PollingClient.connected(uri);
        client.postOk("421[\"join\",\"poll-binary\"]");
        assertThat(client.next()).startsWith("431[{\"type\":\"joined\"");

        client.postOk("451-2[\"publish\",\"poll-binary\",{\"_placeholder\":true,\"num\":0}]\u001ebAQIDBA==");

        String event = client.next();
        assertThat(event).matches("451-\\[\"message\",\\{\"_placeholder\":true,\"num\":0},\\{\"room\":\"poll-binary\",\"from\":\\d+,\"offset\":1},\"2:1\"]");
        assertThat(client.next()).isEqualTo("bAQIDBA==");
        assertThat(client.next()).matches("432\\[\\{\"type\":\"ack\",\"payload\":\\{\"offset\":1,\"epoch\":\"[0-9a-f]+\"}}]");
    }

    @Test
    void aSecondGetWhileOneWaitsIsRefusedAndClosesTheSession() throws Exception {
        PollingClient client = PollingClient.open(uri);

        // Whichever reaches the session second is refused; the waiting one gets the close packet.
        CompletableFuture<RawHttp.Response> first = CompletableFuture.supplyAsync(client::get);
        Thread.sleep(100);
        RawHttp.Response second = client.get();
        RawHttp.Response other = first.get(10, TimeUnit.SECONDS);

        RawHttp.Response refused = second.status() == 400 ? second : other;
        RawHttp.Response waited = refused == second ? other : second;
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).isEmpty();
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.text()).isIn("1", "2\u001e1");
        assertThat(client.get().text()).isEqualTo(UNKNOWN_SID);
    }

    @Test
    void aSecondPostWhileOneIsInFlightIsRefusedAndClosesTheSession() {
        PollingClient client = PollingClient.open(uri);
        try (RawHttp first = RawHttp.connect(uri)) {
            // Announces 10 bytes, sends 2: the POST stays in flight.
            byte[] head = ("POST " + client.target() + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n40")
                    .getBytes(StandardCharsets.US_ASCII);
            first.raw(head);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                RawHttp.Response second = client.post("40");
                assertThat(second.status()).isEqualTo(400);
                assertThat(second.text()).isEmpty();
            });
        }
        assertThat(client.get().text()).isEqualTo(UNKNOWN_SID);
    }

    @Test
    void aBinaryPostBodyIsRefusedAndClosesTheSession() {
        PollingClient client = PollingClient.open(uri);

        RawHttp.Response post = RawHttp.exchange(uri, "POST", client.target(), "application/octet-stream", new byte[] {4, 1, 2});

        assertThat(post.status()).isEqualTo(400);
        assertThat(client.get().text()).isEqualTo(UNKNOWN_SID);
    }

    @Test
    void aMalformedPacketIsRefusedAndClosesTheSession() {
        PollingClient client = PollingClient.open(uri);

        assertThat(client.post("abc").status()).isEqualTo(400);
        assertThat(client.get().text()).isEqualTo(UNKNOWN_SID);
    }

    @Test
    void aPayloadOverMaxPayloadIsRefusedWith413AndClosesTheSession() {
        PollingClient client = PollingClient.connected(uri);
        String big = "42[\"broadcast\",\"" + "x".repeat(1_000_000) + "\"]";

        assertThat(client.post(big).status()).isEqualTo(413);
        assertThat(client.get().text()).isEqualTo(UNKNOWN_SID);
    }

    @Test
    void aPayloadJustUnderMaxPayloadIsAccepted() {
        PollingClient client = PollingClient.connected(uri);
        String payload = "421[\"broadcast\",\"" + "x".repeat(999_000) + "\"]";

        client.postOk(payload);
        assertThat(client.next()).isEqualTo("431[{\"type\":\"ack\"}]");
    }

    @Test
    void aCancelledGetClosesTheSession() {
        PollingClient client = PollingClient.open(uri);
        try (RawHttp waiting = RawHttp.connect(uri)) {
            waiting.send("GET", client.target(), null, null);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.get().text()).isEqualTo(UNKNOWN_SID));
    }

    @Test
    void aClosePacketEndsTheSessionAndTheWaitingGetGetsANoop() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            PollingClient client = PollingClient.open(uri);
            CompletableFuture<RawHttp.Response> waiting = CompletableFuture.supplyAsync(client::get);
            Thread.sleep(200);

            client.postOk("1");

            RawHttp.Response answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(client.get().text()).isEqualTo(UNKNOWN_SID);
            if (answer.status() == 400) {
                // The GET reached the session after the close (a loaded machine): try again.
                continue;
            }
            assertThat(answer.text()).isIn("6", "2\u001e6");
            return;
        }
        throw new AssertionError("the GET never waited before the close packet came");
    }

    @Test
    void aPollingClientThatStopsPollingIsClosedAsASlowConsumer() {
        PollingClient slow = PollingClient.connected(uri);
        slow.postOk("421[\"join\",\"flood-polling\"]");
        assertThat(slow.next()).startsWith("431[{\"type\":\"joined\"");
        try (RawWebSocket publisher = EngineIoWebSocketTest.connected(uri)) {
            EngineIoWebSocketTest.join(publisher, "flood-polling");
            String chunk = "p".repeat(100_000);

            // More than max-pending-bytes (1 MiB in tests) waits for a client that no longer polls.
            boolean slowLeft = false;
            for (int i = 0; i < 12; i++) {
                publisher.sendText("42" + (i + 2) + "[\"broadcast\",\"" + chunk + "\",\"flood-polling\"]");
                String answer = EngineIoWebSocketTest.next(publisher);
                if (answer.startsWith("42[\"room:left\",{\"room\":\"flood-polling\"")) {
                    slowLeft = true;
                    answer = EngineIoWebSocketTest.next(publisher);
                }
                assertThat(answer).isEqualTo("43" + (i + 2) + "[{\"type\":\"ack\"}]");
            }
            assertThat(slow.get().text()).isEqualTo(UNKNOWN_SID);
            if (!slowLeft) {
                assertThat(EngineIoWebSocketTest.next(publisher)).startsWith("42[\"room:left\",{\"room\":\"flood-polling\"");
            }
        }
    }
}
