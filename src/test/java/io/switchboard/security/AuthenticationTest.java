package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.RawPeer;
import io.switchboard.testing.Tokens;
import io.switchboard.testing.WsClient;

/**
 * Required mode: a token with the upgrade ({@code ?token=}, {@code Authorization: Bearer}) or an
 * {@code auth} frame first; bad tokens are refused with 401 before the upgrade or with
 * {@code unauthorized}; a socket that never authenticates is closed with 4501.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class AuthenticationTest {

    @TestHTTPResource("/")
    URI uri;

    @Inject
    UpgradeThreadProbe probe;

    private static String query(String token) {
        return "/?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    @Test
    void aTokenInTheQueryConnectsAsItsUser() {
        try (WsClient alice = WsClient.open(uri, query(Tokens.forUser("alice").sign()))) {
            alice.send("{\"type\":\"hello\",\"id\":1}");
            JsonNode welcome = alice.nextJson();
            assertThat(welcome.get("type").asText()).isEqualTo("welcome");
            assertThat(welcome.get("payload").get("user").asText()).isEqualTo("alice");
            assertThat(welcome.get("payload").get("client").asLong()).isPositive();
        }
    }

    @Test
    void aBearerHeaderConnectsAsItsUser() {
        String token = Tokens.forUser("bob").sign();
        try (WsClient bob = WsClient.open(uri, "/", Map.of("Authorization", "Bearer " + token))) {
            bob.send("{\"type\":\"hello\",\"id\":1}");
            assertThat(bob.nextJson().get("payload").get("user").asText()).isEqualTo("bob");
        }
    }

    @Test
    void anUpgradeWhoseTokenWasVerifiedOnAWorkerGoesOnOnTheEventLoop() {
        // Performed from the worker thread, the upgrade could answer 101 before the socket's handlers
        // were in place, and a frame the client sent at once was lost.
        try (WsClient dave = WsClient.open(uri, query(Tokens.forUser("dave").sign()))) {
            dave.send("{\"type\":\"hello\",\"id\":1}");
            assertThat(dave.nextJson().get("payload").get("user").asText()).isEqualTo("dave");
        }
        assertThat(probe.onEventLoop("dave")).as("the check after the token's: called on an event loop").isTrue();
    }

    @Test
    void anRs256TokenIsVerifiedWithTheConfiguredPublicKey() {
        try (WsClient carol = WsClient.open(uri, query(Tokens.forUser("carol").rs256().sign()))) {
            carol.send("{\"type\":\"hello\",\"id\":1}");
            assertThat(carol.nextJson().get("payload").get("user").asText()).isEqualTo("carol");
        }
    }

    @Test
    void badTokensWithTheUpgradeAreRefusedWith401BeforeAnySocketExists() throws IOException {
        String[] bad = {
            "garbage",
            "",
            Tokens.forUser("alice").secret("another-secret-that-is-also-32-bytes-long!!").sign(),
            Tokens.forUser("alice").expiresIn(Duration.ofMinutes(-5)).sign(),
            Tokens.forUser("alice").issuer("https://someone.else").sign(),
            Tokens.forUser("alice").audience("another-service").sign(),
        };
        for (String token : bad) {
            try (RawPeer peer = RawPeer.request(uri, query(token), Map.of(), null)) {
                assertThat(peer.status()).as("token %s", token).isEqualTo(401);
            }
        }
        try (RawPeer peer = RawPeer.request(uri, "/", Map.of("Authorization", "Bearer garbage"), null)) {
            assertThat(peer.status()).isEqualTo(401);
        }
        try (RawPeer peer = RawPeer.request(uri, "/", Map.of("Authorization", "Basic YWxpY2U6c2VjcmV0"), null)) {
            assertThat(peer.status()).isEqualTo(401);
        }
    }

    @Test
    void aSocketWithoutATokenMustSendAuthBeforeAnythingIsHandled() {
        try (WsClient watcher = WsClient.open(uri, query(Tokens.forUser("watcher").sign()));
                WsClient late = WsClient.open(uri, "/")) {
            long watcherId = watcher.hello();
            late.send("{\"type\":\"hello\",\"id\":1}");
            JsonNode refused = late.nextJson();
            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("id").asInt()).isEqualTo(1);
            assertThat(refused.get("payload").get("code").asText()).isEqualTo("unauthorized");
            late.send("{\"type\":\"join\",\"room\":\"open:x\",\"id\":2}");
            assertThat(late.nextJson().get("payload").get("code").asText()).isEqualTo("unauthorized");
            // Not a client yet: nobody heard of it, it is in no room.
            watcher.send("{\"type\":\"presence\",\"room\":\"open:x\",\"id\":\"p\"}");
            assertThat(watcher.nextJson().get("payload").get("clients")).isEmpty();

            late.send("{\"type\":\"auth\",\"token\":\"" + Tokens.forUser("dave").sign() + "\",\"id\":3}");
            JsonNode authenticated = late.nextJson();
            assertThat(authenticated.get("type").asText()).isEqualTo("authenticated");
            assertThat(authenticated.get("id").asInt()).isEqualTo(3);
            assertThat(authenticated.get("payload").get("user").asText()).isEqualTo("dave");
            assertThat(authenticated.get("payload").get("expires").asLong()).isGreaterThan(System.currentTimeMillis() / 1000);
            long id = authenticated.get("payload").get("client").asLong();

            late.send("{\"type\":\"hello\",\"id\":4}");
            JsonNode welcome = late.nextJson();
            assertThat(welcome.get("payload").get("client").asLong()).isEqualTo(id);
            assertThat(welcome.get("payload").get("user").asText()).isEqualTo("dave");
            JsonNode connected = watcher.nextJson();
            assertThat(connected.get("type").asText()).isEqualTo("client:connected");
            assertThat(connected.get("client").asLong()).isEqualTo(id);
            assertThat(id).isNotEqualTo(watcherId);
        }
    }

    @Test
    void aWrongTokenInAnAuthFrameIsUnauthorizedAndTheSocketMayTryAgain() {
        try (WsClient client = WsClient.open(uri, "/")) {
            client.send("{\"type\":\"auth\",\"token\":\"not.a.jwt\",\"id\":\"a1\"}");
            JsonNode refused = client.nextJson();
            assertThat(refused.get("id").asText()).isEqualTo("a1");
            assertThat(refused.get("payload").get("code").asText()).isEqualTo("unauthorized");
            String expired = Tokens.forUser("erin").expiresIn(Duration.ofMinutes(-1)).sign();
            client.send("{\"type\":\"auth\",\"token\":\"" + expired + "\",\"id\":\"a2\"}");
            assertThat(client.nextJson().get("payload").get("message").asText()).contains("expired");
            client.send("{\"type\":\"auth\",\"token\":\"" + Tokens.forUser("erin").sign() + "\",\"id\":\"a3\"}");
            assertThat(client.nextJson().get("type").asText()).isEqualTo("authenticated");
            client.send("{\"type\":\"hello\",\"id\":1}");
            assertThat(client.nextJson().get("payload").get("user").asText()).isEqualTo("erin");
        }
    }

    @Test
    void framesRightAfterAnAuthFrameAreHandledOnceItIsAccepted() {
        try (WsClient client = WsClient.open(uri, "/")) {
            client.send("{\"type\":\"auth\",\"token\":\"" + Tokens.forUser("fay").sign() + "\",\"id\":1}");
            client.send("{\"type\":\"hello\",\"id\":2}");
            assertThat(client.nextJson().get("type").asText()).isEqualTo("authenticated");
            JsonNode welcome = client.nextJson();
            assertThat(welcome.get("id").asInt()).isEqualTo(2);
            assertThat(welcome.get("payload").get("user").asText()).isEqualTo("fay");
        }
    }

    @Test
    void aSocketThatNeverAuthenticatesIsClosedWith4501() {
        try (WsClient silent = WsClient.open(uri, "/")) {
            assertThat(silent.closeCode()).isEqualTo(4501);
        }
    }
}
