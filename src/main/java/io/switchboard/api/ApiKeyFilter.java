package io.switchboard.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.runtime.LaunchMode;
import io.switchboard.config.SwitchboardConfig;

/**
 * Lets a request reach the API only with {@code Authorization: Bearer <switchboard.api.key>}
 * (RFC 6750). With no key configured the API is closed (403), except in dev mode, where it is open
 * so that the Swagger UI and the admin page work out of the box.
 */
@ApplicationScoped
public class ApiKeyFilter {
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);
    private static final String SCHEME = "Bearer ";

    @Inject
    SwitchboardConfig config;

    /** The SHA-256 of the key, or null without one. */
    private byte[] key;
    private boolean open;

    @PostConstruct
    void init() {
        Optional<String> configured = config.api().key().filter(k -> !k.isBlank());
        key = configured.map(ApiKeyFilter::digest).orElse(null);
        open = key == null && LaunchMode.current() == LaunchMode.DEVELOPMENT;
        if (open) {
            LOG.warn("switchboard.api.key is not set: the HTTP API is open to everyone (dev mode only)");
        }
    }

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        if (open || !request.getUriInfo().getPath().startsWith("/api")) {
            return;
        }
        if (key == null) {
            throw new ApiProblem(ProblemType.API_DISABLED,
                    "set switchboard.api.key (env SWITCHBOARD_API_KEY) to use the HTTP API");
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ApiProblem(ProblemType.UNAUTHORIZED, "send the API key as \"Authorization: Bearer <key>\"");
        }
        // Digests of equal length, compared in constant time: neither how much of a guess matched
        // nor the key's length shows in the response time.
        if (!MessageDigest.isEqual(key, digest(header.substring(SCHEME.length()).trim()))) {
            throw new ApiProblem(ProblemType.UNAUTHORIZED, "the API key is not the configured one");
        }
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
