package io.switchboard.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.config.SecurityConfig;
import io.switchboard.config.SecurityConfig.AuthMode;
import io.switchboard.hub.Authenticator;
import io.switchboard.hub.Client;
import io.switchboard.hub.Principal;
import io.switchboard.hub.Right;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frames;
import io.switchboard.protocol.RoomPattern;
import io.vertx.core.Vertx;

/**
 * Verifies JWT connection tokens with smallrye-jwt's {@link JWTParser}: HS256 with
 * {@code switchboard.auth.hmac-secret}, RS256/ES256 with {@code mp.jwt.verify.publickey.location}
 * (a PEM key, a JWK or a JWKS file or URL); issuer ({@code mp.jwt.verify.issuer}) and audience
 * ({@code mp.jwt.verify.audiences}) are checked when configured. The token's {@code sub} is the
 * user; its {@code exp} is enforced while the client stays connected; its rooms claim grants rights.
 *
 * <p>Verification runs on a worker thread (fetching a remote JWKS blocks). Verified tokens are
 * remembered until they expire, so a reconnect storm or the second look at the upgrade's token
 * costs no signature check.
 */
@Singleton
public class TokenVerifier implements Authenticator {
    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);
    /** Longest token accepted, in characters. */
    static final int MAX_TOKEN_LENGTH = 8192;
    private static final int CACHE_SIZE = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JWTParser parser;
    private final Vertx vertx;
    private final AuthMode mode;
    private final SecretKey hmac;
    private final long refreshAheadMillis;
    private final long skewMillis;
    private final String roomsClaim;
    private final Map<String, Identity> verified = new ConcurrentHashMap<>();
    /** Expiry timers by client id: the warning and the close. */
    private final Map<Long, long[]> timers = new ConcurrentHashMap<>();

    @Inject
    TokenVerifier(JWTParser parser, Vertx vertx, SecurityConfig config,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") int skewSeconds) {
        this.parser = parser;
        this.vertx = vertx;
        this.mode = config.auth().mode();
        this.hmac = config.auth().hmacSecret().filter(s -> !s.isEmpty()).map(TokenVerifier::hmacKey).orElse(null);
        this.refreshAheadMillis = config.auth().refreshAhead().toMillis();
        this.skewMillis = skewSeconds * 1000L;
        this.roomsClaim = config.auth().roomsClaim();
    }

    private static SecretKey hmacKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("switchboard.auth.hmac-secret must have at least 32 bytes (256 bits) for HS256");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The auth mode in force. */
    public AuthMode mode() {
        return mode;
    }

    @Override
    public boolean enabled() {
        return mode != AuthMode.NONE;
    }

    @Override
    public Uni<Principal> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Uni.createFrom().failure(unauthorized("no token"));
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Uni.createFrom().failure(unauthorized("the token is longer than " + MAX_TOKEN_LENGTH + " characters"));
        }
        Identity known = verified.get(token);
        if (known != null) {
            if (!expired(known)) {
                return Uni.createFrom().item(known);
            }
            verified.remove(token);
        }
        return Uni.createFrom().<Principal>item(() -> verify(token))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(e -> !(e instanceof Refused)).transform(e -> {
                    LOG.debugf(e, "token verification failed");
                    return unauthorized("the token could not be verified");
                });
    }

    private boolean expired(Identity identity) {
        return identity.expiresAt() > 0 && System.currentTimeMillis() >= identity.expiresAt() + skewMillis;
    }

    private Identity verify(String token) {
        JsonWebToken jwt;
        try {
            String alg = algorithm(token);
            if (alg.startsWith("HS")) {
                if (hmac == null) {
                    throw unauthorized("HMAC tokens are not accepted here (no switchboard.auth.hmac-secret)");
                }
                jwt = parser.verify(token, hmac);
            } else {
                jwt = parser.parse(token);
            }
        } catch (ParseException e) {
            LOG.debugf(e, "token refused: %s", e.getMessage());
            throw unauthorized("the token is not valid: " + reason(e));
        }
        String sub = jwt.getSubject();
        if (sub == null || sub.isBlank()) {
            throw unauthorized("the token has no \"sub\"");
        }
        if (sub.length() > 256) {
            throw unauthorized("the token's \"sub\" is longer than 256 characters");
        }
        Identity identity = new Identity(sub, jwt.getExpirationTime() * 1000, grants(jwt.getClaim(roomsClaim)));
        if (verified.size() >= CACHE_SIZE) {
            verified.clear();
        }
        verified.put(token, identity);
        return identity;
    }

    /** The {@code alg} of the token's header, to pick the key; the signature check comes after. */
    private static String algorithm(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw unauthorized("the token is not a JWT");
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(0, dot)));
            JsonNode alg = header.get("alg");
            if (alg == null || !alg.isTextual()) {
                throw unauthorized("the token's header has no \"alg\"");
            }
            return alg.asText();
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw unauthorized("the token is not a JWT");
        }
    }

    /** A short reason for the client; the parser's full text (which quotes the claims) stays in the debug log. */
    private static String reason(ParseException e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(' ').append(t.getMessage());
        }
        String text = all.toString();
        if (text.contains("Expiration Time") || text.contains("no longer valid") || text.contains("expired")) {
            return "it has expired";
        }
        if (text.contains("Not Before") || text.contains("not yet valid")) {
            return "it is not valid yet";
        }
        if (text.contains("Issuer") || text.contains("iss ")) {
            return "wrong issuer";
        }
        if (text.contains("Audience") || text.contains("aud ")) {
            return "wrong audience";
        }
        if (text.contains("signature") || text.contains("Signature")) {
            return "bad signature";
        }
        return "it could not be verified";
    }

    /**
     * The rooms claim: {@code {"chat:*":["join","publish"],"news":"*"}} — patterns to rights, where
     * {@code "*"} (alone or in the list) grants every right. Unknown rights are ignored.
     */
    private static List<Identity.Grant> grants(Object claim) {
        if (!(claim instanceof JsonObject object)) {
            return List.of();
        }
        List<Identity.Grant> grants = new ArrayList<>();
        for (Map.Entry<String, JsonValue> e : object.entrySet()) {
            EnumSet<Right> rights = EnumSet.noneOf(Right.class);
            JsonValue value = e.getValue();
            if (value instanceof JsonString s) {
                add(rights, s.getString());
            } else if (value instanceof JsonArray array) {
                for (JsonValue v : array) {
                    if (v instanceof JsonString s) {
                        add(rights, s.getString());
                    }
                }
            }
            if (!rights.isEmpty()) {
                grants.add(new Identity.Grant(RoomPattern.of(e.getKey()), rights));
            }
        }
        return List.copyOf(grants);
    }

    private static void add(EnumSet<Right> rights, String name) {
        if ("*".equals(name)) {
            rights.addAll(EnumSet.allOf(Right.class));
        } else {
            Right right = Right.of(name);
            if (right != null) {
                rights.add(right);
            }
        }
    }

    static Refused unauthorized(String message) {
        return new Refused(message);
    }

    /** A token that was refused; the message says why and may be shown to the client. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void watch(Client client) {
        cancel(client.id());
        Principal principal = client.principal();
        long expiresAt = principal.expiresAt();
        if (expiresAt <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        long warn = vertx.setTimer(Math.max(1, expiresAt - refreshAheadMillis - now),
                t -> onClientLane(client, principal, () -> client.session().write(Frames.tokenExpiring(expiresAt))));
        long close = vertx.setTimer(Math.max(1, expiresAt + skewMillis - now), t -> onClientLane(client, principal, () -> {
            LOG.debugf("client %d: token of %s expired", client.id(), principal.user());
            client.session().close(CloseCode.TOKEN_EXPIRED);
        }));
        timers.put(client.id(), new long[] {warn, close});
    }

    /** Runs {@code work} on the client's lane if it still has {@code principal} (no fresh token came). */
    private static void onClientLane(Client client, Principal principal, Runnable work) {
        client.session().lane().execute(() -> {
            if (!client.isGone() && client.principal() == principal) {
                work.run();
            }
        });
    }

    @Override
    public void forget(Client client) {
        cancel(client.id());
    }

    private void cancel(long client) {
        long[] ids = timers.remove(client);
        if (ids != null) {
            vertx.cancelTimer(ids[0]);
            vertx.cancelTimer(ids[1]);
        }
    }
}
