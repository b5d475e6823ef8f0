package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.RawPeer;

/**
 * Browser upgrades from origins outside {@code switchboard.allowed-origins} are refused with 403
 * before any socket exists; allowed origins and clients that send no {@code Origin} (servers,
 * native apps) are upgraded.
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
class OriginCheckTest {

    @TestHTTPResource("/")
    URI uri;

    private int status(String path, Map<String, String> headers) throws Exception {
        try (RawPeer peer = RawPeer.request(uri, path, headers, null)) {
            return peer.status();
        }
    }

    @Test
    void aForeignOriginIsRefusedWith403OnEveryEndpoint() throws Exception {
        assertThat(status("/", Map.of("Origin", "https://evil.example.com"))).isEqualTo(403);
        assertThat(status("/raw/room", Map.of("Origin", "https://evil.example.com"))).isEqualTo(403);
        assertThat(status("/", Map.of("Origin", "null"))).isEqualTo(403);
        assertThat(status("/", Map.of("Origin", "https://app.example.com.evil.com"))).isEqualTo(403);
    }

    @Test
    void allowedOriginsAndClientsWithoutOriginAreUpgraded() throws Exception {
        assertThat(status("/", Map.of("Origin", "https://app.example.com"))).isEqualTo(101);
        assertThat(status("/", Map.of("Origin", "HTTPS://APP.EXAMPLE.COM"))).isEqualTo(101);
        assertThat(status("/raw/room", Map.of("Origin", "http://localhost:8080"))).isEqualTo(101);
        assertThat(status("/", Map.of())).isEqualTo(101);
    }
}
