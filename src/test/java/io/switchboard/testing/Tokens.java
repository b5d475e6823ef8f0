package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs JWT connection tokens for tests, by hand (RFC 7515 compact form): HS256 with
 * {@link #SECRET}, or RS256 with a key pair made for this JVM whose public key is written as PEM
 * to {@link #publicKeyPem()}.
 */
public final class Tokens {
    public static final String SECRET = "a-test-secret-of-at-least-32-bytes-0123456789";
    public static final String ISSUER = "https://issuer.switchboard.test";
    public static final String AUDIENCE = "switchboard";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final KeyPair RSA = rsa();

    private String alg = "HS256";
    private String sub = "alice";
    private String issuer = ISSUER;
    private String audience = AUDIENCE;
    private Instant expires = Instant.now().plus(Duration.ofHours(1));
    private String rooms;
    private String secret = SECRET;

    private Tokens() {
    }

    /** A token for {@code sub}, HS256, valid for an hour, with the test issuer and audience. */
    public static Tokens forUser(String sub) {
        Tokens t = new Tokens();
        t.sub = sub;
        return t;
    }

    public Tokens rs256() {
        alg = "RS256";
        return this;
    }

    public Tokens expiresIn(Duration d) {
        expires = Instant.now().plus(d);
        return this;
    }

    public Tokens issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    public Tokens audience(String audience) {
        this.audience = audience;
        return this;
    }

    public Tokens secret(String secret) {
        this.secret = secret;
        return this;
    }

    /** The rooms claim as JSON, e.g. {@code {"chat:*":["join","publish"]}}. */
    public Tokens rooms(String json) {
        this.rooms = json;
        return this;
    }

    public String sign() {
        long now = Instant.now().getEpochSecond();
        StringBuilder claims = new StringBuilder("{\"sub\":\"").append(sub).append('"')
                .append(",\"iss\":\"").append(issuer).append('"')
                .append(",\"aud\":\"").append(audience).append('"')
                .append(",\"iat\":").append(now - 5)
                .append(",\"exp\":").append(expires.getEpochSecond());
        if (rooms != null) {
            claims.append(",\"rooms\":").append(rooms);
        }
        claims.append('}');
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
        String input = b64(header) + "." + b64(claims.toString());
        try {
            byte[] signature;
            if (alg.equals("HS256")) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                signature = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
            } else {
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initSign(RSA.getPrivate());
                rsa.update(input.getBytes(StandardCharsets.US_ASCII));
                signature = rsa.sign();
            }
            return input + "." + B64.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The RSA public key as a PEM file (written once per JVM). */
    public static synchronized Path publicKeyPem() {
        Path file = Path.of("target", "test-keys", "public-" + ProcessHandle.current().pid() + ".pem");
        if (!Files.exists(file)) {
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(RSA.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, pem);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file.toAbsolutePath();
    }

    /**
     * The test key pair, shared through files by every class loader of this JVM (a Quarkus test
     * profile and the test itself load this class separately).
     */
    private static synchronized KeyPair rsa() {
        Path dir = Path.of("target", "test-keys");
        Path privateKey = dir.resolve("private-" + ProcessHandle.current().pid() + ".der");
        Path publicKey = dir.resolve("public-" + ProcessHandle.current().pid() + ".der");
        try {
            java.security.KeyFactory factory = java.security.KeyFactory.getInstance("RSA");
            if (Files.exists(publicKey)) {
                return new KeyPair(
                        factory.generatePublic(new java.security.spec.X509EncodedKeySpec(Files.readAllBytes(publicKey))),
                        factory.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Files.readAllBytes(privateKey))));
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            Files.write(privateKey, pair.getPrivate().getEncoded());
            Files.write(publicKey, pair.getPublic().getEncoded());
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
