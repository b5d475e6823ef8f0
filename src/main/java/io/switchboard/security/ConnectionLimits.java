package io.switchboard.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.switchboard.config.SecurityConfig;

/**
 * Node-wide admission of new connections: open connections per client IP, and a token bucket on
 * new connections per second, so that a reconnect storm after a deploy is spread out instead of
 * landing at once. Checked at the upgrade; connections are counted from open to close.
 */
@Singleton
public class ConnectionLimits {
    private final int maxPerIp;
    private final TokenBucket rate;
    private final ConcurrentHashMap<String, AtomicInteger> perIp = new ConcurrentHashMap<>();

    @Inject
    ConnectionLimits(SecurityConfig config) {
        this.maxPerIp = config.connections().maxPerIp();
        this.rate = config.connections().rate() > 0
                ? new TokenBucket(config.connections().rate(), Math.max(1, config.connections().burst()), System.nanoTime())
                : null;
    }

    /**
     * Whether a new connection from {@code ip} may open now: 0 if so, else the seconds after which
     * to try again (for {@code Retry-After}).
     */
    public long admit(String ip) {
        if (maxPerIp > 0 && ip != null) {
            AtomicInteger open = perIp.get(ip);
            if (open != null && open.get() >= maxPerIp) {
                return 5;
            }
        }
        if (rate == null) {
            return 0;
        }
        synchronized (rate) {
            long now = System.nanoTime();
            if (rate.take(1, now)) {
                return 0;
            }
            return Math.max(1, (rate.nanosUntil(1, now) + 999_999_999L) / 1_000_000_000L);
        }
    }

    /** A connection from {@code ip} opened. */
    void opened(String ip) {
        if (maxPerIp > 0 && ip != null) {
            perIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** A connection from {@code ip} closed. */
    void closed(String ip) {
        if (maxPerIp > 0 && ip != null) {
            perIp.computeIfPresent(ip, (k, open) -> open.decrementAndGet() <= 0 ? null : open);
        }
    }

    /** Open connections counted for {@code ip}. */
    int open(String ip) {
        AtomicInteger open = perIp.get(ip);
        return open == null ? 0 : open.get();
    }
}
