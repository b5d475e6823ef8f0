package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.security.AuthProfile;
import io.switchboard.testing.Tokens;

/**
 * Tokens for Socket.IO clients in {@code required} mode ({@link AuthProfile}): the CONNECT
 * {@code auth} payload (or the handshake's {@code ?token=}) names the user; a wrong or missing token
 * is a CONNECT_ERROR the official client reports as {@code connect_error}; the {@code auth} event
 * refreshes the token; an expired token disconnects the socket.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class SocketIoAuthenticationTest extends SocketIoNodeTest {
    private static final String WEBSOCKET = "\"transports\":[\"websocket\"]";

    private static String auth(String token) {
        return "{\"token\":\"" + token + "\"}";
    }

    private static String withToken(String token, String transports) {
        return "{" + transports + (transports.isEmpty() ? "" : ",") + "\"auth\":" + auth(token) + "}";
    }

    @Test
    void aValidTokenConnectsAsItsUserAndPresenceShowsIt() {
        try (SocketIoNode alice = SocketIoNode.connect(uri, withToken(Tokens.forUser("alice").sign(), WEBSOCKET));
                SocketIoNode bob = SocketIoNode.connect(uri, withToken(Tokens.forUser("bob").rs256().sign(), ""))) {
            long aliceId = alice.connectedId();
            long bobId = bob.connectedId();

            JsonNode welcome = alice.emitWithAck("hello").get(0);
            assertThat(welcome.get("type").asText()).isEqualTo("welcome");
            assertThat(welcome.get("payload").get("user").asText()).isEqualTo("alice");

            alice.emitWithAck("join", "sio-auth-team");
            bob.emitWithAck("join", "sio-auth-team");
            JsonNode presence = alice.emitWithAck("presence", "sio-auth-team").get(0).get("payload");
            assertThat(presence.get("users").get(Long.toString(aliceId)).asText()).isEqualTo("alice");
            assertThat(presence.get("users").get(Long.toString(bobId)).asText()).isEqualTo("bob");
        }
    }

    @Test
    void aTokenOnTheHandshakeUrlIsTakenWhenTheConnectHasNone() {
        String options = "{\"query\":{\"token\":\"" + Tokens.forUser("carol").sign() + "\"}}";
        try (SocketIoNode carol = SocketIoNode.connect(uri, options)) {
            carol.connected();
            assertThat(carol.emitWithAck("hello").get(0).get("payload").get("user").asText()).isEqualTo("carol");
        }
    }

    @Test
    void aSessionIsRecoveredOnlyWithAValidTokenOfItsOwnUser() {
        String erin = Tokens.forUser("erin").sign();
        try (SocketIoNode client = SocketIoNode.connect(uri, withToken(erin, WEBSOCKET))) {
            JsonNode first = client.connected();
            client.emitWithAck("join", "sio-auth-recover");

            // A refused token leaves the session recoverable.
            client.drop(false);
            client.reconnect(auth("not-a-jwt"));
            assertThat(client.connectError().get("message").asText()).isEqualTo("the token is not a JWT");
            // Another user's valid token gets a fresh session, and leaves erin's alone.
            client.reconnect(auth(Tokens.forUser("frank").sign()));
            JsonNode frank = client.connected();
            assertThat(frank.get("recovered").asBoolean()).isFalse();
            assertThat(frank.get("id").asText()).isNotEqualTo(first.get("id").asText());

            client.drop(false);
            client.presentPid(first.get("pid").asText());
            client.reconnect(auth(erin));
            JsonNode again = client.connected();
            assertThat(again.get("recovered").asBoolean()).isTrue();
            assertThat(again.get("id").asText()).isEqualTo(first.get("id").asText());
            assertThat(client.emitWithAck("hello").get(0).get("payload").get("user").asText()).isEqualTo("erin");
            assertThat(client.emitWithAck("presence", "sio-auth-recover").get(0).get("payload").get("clients").toString())
                    .isEqualTo("[" + first.get("id").asText() + "]");
        }
    }

    @Test
    void badTokensGetAConnectErrorWithTheReasonAndTheClientMayTryAgain() {
        String expired = Tokens.forUser("dave").expiresIn(Duration.ofMinutes(-5)).sign();
        try (SocketIoNode dave = SocketIoNode.connect(uri, withToken(expired, WEBSOCKET))) {
            JsonNode error = dave.connectError();
            assertThat(error.get("message").asText()).isEqualTo("the token is not valid: it has expired");
            assertThat(error.get("data").toString()).isEqualTo("{\"code\":\"unauthorized\"}");

            dave.reconnect(auth(Tokens.forUser("dave").secret("another-secret-that-is-also-32-bytes-long!!").sign()));
            assertThat(dave.connectError().get("message").asText()).isEqualTo("the token is not valid: bad signature");

            dave.reconnect("{\"token\":42}");
            assertThat(dave.connectError().get("message").asText()).isEqualTo("\"token\" must be a string");

            dave.reconnect(auth(Tokens.forUser("dave").sign()));
            dave.connected();
            assertThat(dave.emitWithAck("hello").get(0).get("payload").get("user").asText()).isEqualTo("dave");
        }
    }

    @Test
    void withoutATokenTheConnectIsRefusedInRequiredMode() {
        try (SocketIoNode anonymous = SocketIoNode.connect(uri, "{}")) {
            JsonNode error = anonymous.connectError();
            assertThat(error.get("message").asText()).isEqualTo("a token is required: connect with auth: { token }");
            assertThat(anonymous.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void theConnectErrorIsPacket44OnTheWireAndTheSessionStaysOpen() {
        PollingClient client = PollingClient.open(uri);
        client.postOk("40");
        assertThat(client.next()).isEqualTo(
                "44{\"message\":\"a token is required: connect with auth: { token }\",\"data\":{\"code\":\"unauthorized\"}}");
        client.postOk("40{\"token\":\"not-a-jwt\"}");
        assertThat(client.next()).isEqualTo(
                "44{\"message\":\"the token is not a JWT\",\"data\":{\"code\":\"unauthorized\"}}");
        client.postOk("40" + auth(Tokens.forUser("erin").sign()));
        assertThat(client.next()).matches(PollingClient.CONNECT);
    }

    @Test
    void roomRightsFollowTheTokensGrants() {
        String granted = Tokens.forUser("fay").rooms("{\"granted:sio\":[\"join\",\"publish\"]}").sign();
        try (SocketIoNode fay = SocketIoNode.connect(uri, withToken(granted, WEBSOCKET));
                SocketIoNode gus = SocketIoNode.connect(uri, withToken(Tokens.forUser("gus").sign(), WEBSOCKET))) {
            fay.connected();
            gus.connected();
            assertThat(fay.emitWithAck("join", "granted:sio").get(0).get("type").asText()).isEqualTo("joined");
            JsonNode refused = gus.emitWithAck("join", "granted:sio").get(0).get("error");
            assertThat(refused.get("code").asText()).isEqualTo("forbidden");
            assertThat(refused.get("message").asText()).isEqualTo("no \"join\" right in room \"granted:sio\"");
        }
    }

    @Test
    void theAuthEventRefreshesTheTokenBeforeItExpires() {
        String shortLived = Tokens.forUser("hal").expiresIn(Duration.ofSeconds(4)).sign();
        try (SocketIoNode hal = SocketIoNode.connect(uri, withToken(shortLived, WEBSOCKET))) {
            long id = hal.connectedId();
            // refresh-ahead is 2 s: the warning comes about 2 s before exp.
            JsonNode expiring = hal.nextEvent("token:expiring");
            assertThat(expiring.get("args").get(0).get("expires").asLong()).isPositive();

            JsonNode reply = hal.emitWithAck("auth", Tokens.forUser("hal").sign()).get(0);
            assertThat(reply.get("type").asText()).isEqualTo("authenticated");
            assertThat(reply.get("payload").get("client").asLong()).isEqualTo(id);
            assertThat(reply.get("payload").get("user").asText()).isEqualTo("hal");
            assertThat(reply.get("payload").get("expires").asLong())
                    .isGreaterThan(expiring.get("args").get(0).get("expires").asLong());

            // Past the old token's expiry the socket is still connected and served.
            List<JsonNode> meanwhile = hal.drain(Duration.ofSeconds(4));
            assertThat(meanwhile).noneMatch(r -> "disconnect".equals(r.path("ev").asText()));
            assertThat(hal.emitWithAck("hello").get(0).get("payload").get("client").asLong()).isEqualTo(id);

            JsonNode wrongUser = hal.emitWithAck("auth", Tokens.forUser("mallory").sign()).get(0).get("error");
            assertThat(wrongUser.get("code").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void aSocketWhoseTokenExpiresIsDisconnectedByTheServer() {
        String shortLived = Tokens.forUser("ivy").expiresIn(Duration.ofSeconds(3)).sign();
        try (SocketIoNode ivy = SocketIoNode.connect(uri, withToken(shortLived, WEBSOCKET))) {
            ivy.connected();
            ivy.nextEvent("token:expiring");
            JsonNode disconnect = ivy.await(r -> "disconnect".equals(r.path("ev").asText()));
            assertThat(disconnect.get("reason").asText()).isEqualTo("io server disconnect");
        }
    }
}
