package io.switchboard.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Low rate and connection limits and an origin allowlist, so the abuse tests can reach them. */
public class LimitsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("switchboard.rate-limit.frames-per-second", "20"),
                Map.entry("switchboard.rate-limit.frames-burst", "40"),
                Map.entry("switchboard.rate-limit.bytes-per-second", "65536"),
                Map.entry("switchboard.rate-limit.bytes-burst", "131072"),
                Map.entry("switchboard.rate-limit.tolerance", "30"),
                Map.entry("switchboard.connections.max-per-ip", "20"),
                Map.entry("switchboard.connections.rate", "20"),
                Map.entry("switchboard.connections.burst", "40"),
                Map.entry("switchboard.allowed-origins", "https://app.example.com,http://localhost:8080"));
    }
}
