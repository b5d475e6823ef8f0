package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.Tokens;
import io.switchboard.testing.WsClient;

/**
 * {@code exp} is enforced while connected: {@code token:expiring} comes ahead of it
 * ({@code refresh-ahead} is 2 s in the profile), a fresh {@code auth} keeps the connection, none
 * closes it with 4003.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class TokenRefreshTest {

    @TestHTTPResource("/")
    URI uri;

    private WsClient connect(String user, Duration validity) {
        return WsClient.open(uri, "/?token=" + Tokens.forUser(user).expiresIn(validity).sign());
    }

    @Test
    void aFreshTokenKeepsTheConnectionPastTheOldExpiry() {
        try (WsClient client = connect("gina", Duration.ofSeconds(4))) {
            long id = client.hello();
            JsonNode expiring = client.nextJson();
            assertThat(expiring.get("type").asText()).isEqualTo("token:expiring");
            long expires = expiring.get("payload").get("expires").asLong();
            assertThat(expires * 1000).isGreaterThan(System.currentTimeMillis() - 1000);

            client.send("{\"type\":\"auth\",\"id\":\"r\",\"token\":\"" + Tokens.forUser("gina").sign() + "\"}");
            JsonNode refreshed = client.nextJson();
            assertThat(refreshed.get("type").asText()).isEqualTo("authenticated");
            assertThat(refreshed.get("payload").get("client").asLong()).isEqualTo(id);
            assertThat(refreshed.get("payload").get("expires").asLong()).isGreaterThan(expires + 3000);

            // Past the first token's expiry: nothing is sent, the socket stays and answers.
            long wait = expires * 1000 - System.currentTimeMillis() + 1500;
            assertThat(client.nextOrNull(Duration.ofMillis(Math.max(wait, 1500)))).isNull();
            assertThat(client.isClosed()).isFalse();
            assertThat(client.hello()).isEqualTo(id);
        }
    }

    @Test
    void aConnectionWhoseTokenExpiresIsClosedWith4003() {
        try (WsClient client = connect("hank", Duration.ofSeconds(3))) {
            client.hello();
            assertThat(client.nextJson().get("type").asText()).isEqualTo("token:expiring");
            assertThat(client.closeCode()).isEqualTo(4003);
        }
    }

    @Test
    void aRefreshCannotSwitchUsers() {
        try (WsClient client = connect("ivy", Duration.ofHours(1))) {
            client.hello();
            client.send("{\"type\":\"auth\",\"id\":7,\"token\":\"" + Tokens.forUser("mallory").sign() + "\"}");
            JsonNode refused = client.nextJson();
            assertThat(refused.get("id").asInt()).isEqualTo(7);
            assertThat(refused.get("payload").get("code").asText()).isEqualTo("unauthorized");
            client.send("{\"type\":\"hello\",\"id\":8}");
            assertThat(client.nextJson().get("payload").get("user").asText()).isEqualTo("ivy");
        }
    }

    @Test
    void anInvalidRefreshIsUnauthorizedAndTheOldTokenStillHolds() {
        try (WsClient client = connect("jack", Duration.ofHours(1))) {
            long id = client.hello();
            client.send("{\"type\":\"auth\",\"id\":9,\"token\":\"garbage\"}");
            assertThat(client.nextJson().get("payload").get("code").asText()).isEqualTo("unauthorized");
            assertThat(client.hello()).isEqualTo(id);
        }
    }
}
