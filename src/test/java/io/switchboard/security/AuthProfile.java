package io.switchboard.security;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.switchboard.testing.Tokens;

/**
 * Tokens required (HS256 with the test secret, RS256 with the test key pair, issuer and audience
 * checked, no clock skew), short auth deadlines, and room rules for the rights tests.
 */
public class AuthProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("switchboard.auth.mode", "required");
        config.put("quarkus.log.category.\"io.switchboard.security\".level", "DEBUG");
        config.put("switchboard.auth.hmac-secret", Tokens.SECRET);
        config.put("mp.jwt.verify.publickey.location", Tokens.publicKeyPem().toUri().toString());
        config.put("mp.jwt.verify.issuer", Tokens.ISSUER);
        config.put("mp.jwt.verify.audiences", Tokens.AUDIENCE);
        config.put("mp.jwt.verify.clock.skew", "0");
        config.put("switchboard.auth.timeout", "1500ms");
        config.put("switchboard.auth.refresh-ahead", "2s");
        config.put("switchboard.rooms.\"granted:*\".join", "granted");
        config.put("switchboard.rooms.\"granted:*\".publish", "granted");
        config.put("switchboard.rooms.\"readonly:*\".publish", "nobody");
        config.put("switchboard.rooms.\"readonly:*\".state", "nobody");
        config.put("switchboard.rooms.\"open:*\".presence", "anyone");
        config.put("switchboard.rooms.\"archive:*\".history", "granted");
        config.put("switchboard.rooms.\"quiet:*\".presence", "granted");
        config.put("switchboard.rooms.\"fence\".presence", "anyone");
        return config;
    }
}
