package io.switchboard.security;

import java.util.Locale;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.switchboard.config.SecurityConfig;
import io.switchboard.hub.Lifecycle;

/**
 * Whether a new connection may open at all, asked before any socket or session exists, whatever
 * the transport (a WebSocket upgrade, an Engine.IO handshake): the browser origin, a draining
 * node, the connection limits. Connections it admits are counted from {@link #opened} to
 * {@link #closed} (a {@link Gate} does that for a connection of its own).
 */
@Singleton
public class Admission {
    private static final Logger LOG = Logger.getLogger(Admission.class);
    /** Seconds a client waits before trying a draining node again. */
    static final long DRAINING_RETRY_AFTER = 5;

    /**
     * Why a connection is refused.
     *
     * @param status the HTTP status: 403 (origin) or 503
     * @param retryAfter for 503, the seconds to send in {@code Retry-After}; 0 otherwise
     * @param reason a short text for the response body
     */
    public record Refusal(int status, long retryAfter, String reason) {
    }

    private final Set<String> allowedOrigins;
    private final Lifecycle lifecycle;
    private final ConnectionLimits limits;

    @Inject
    Admission(SecurityConfig security, Lifecycle lifecycle, ConnectionLimits limits) {
        this.allowedOrigins = security.allowedOrigins().map(list -> Set.copyOf(list.stream()
                .map(String::trim).filter(o -> !o.isEmpty()).map(Admission::normalize).toList())).orElse(null);
        this.lifecycle = lifecycle;
        this.limits = limits;
    }

    /**
     * Origin, draining and connection limits, in that order. Admitting takes one token of the
     * node's connection rate.
     *
     * @param origin the request's {@code Origin} header, or null
     * @param ip the client's address, or null
     * @return null to admit, else why not
     */
    public Refusal check(String origin, String ip) {
        if (allowedOrigins != null && origin != null && !allowedOrigins.contains(normalize(origin))) {
            LOG.debugf("connection refused: origin %s is not allowed", origin);
            return new Refusal(403, 0, "origin not allowed");
        }
        if (lifecycle.draining()) {
            return new Refusal(503, DRAINING_RETRY_AFTER, "the server is restarting");
        }
        long retryAfter = limits.admit(ip);
        if (retryAfter > 0) {
            LOG.debugf("connection from %s refused for %d s: connection limits", ip, retryAfter);
            return new Refusal(503, retryAfter, "too many connections");
        }
        return null;
    }

    /** An admitted connection from {@code ip} opened, for a transport that counts without a {@link Gate}. */
    public void opened(String ip) {
        limits.opened(ip);
    }

    /** A connection counted with {@link #opened} closed. */
    public void closed(String ip) {
        limits.closed(ip);
    }

    /** Origins compare without case and without a trailing slash. */
    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
