package io.switchboard.security;

/**
 * A token bucket: holds up to {@code burst} tokens and gains {@code rate} per second. Not
 * thread-safe; per-connection buckets live on the connection's lane, shared ones are guarded by
 * their owner.
 */
final class TokenBucket {
    private final double rate;
    private final double burst;
    private double tokens;
    private long updated;

    TokenBucket(double rate, double burst, long now) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.updated = now;
    }

    /** Takes {@code n} tokens if there are that many at {@code now} (nanoseconds). */
    boolean take(double n, long now) {
        refill(now);
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** Nanoseconds until {@code n} tokens are there. */
    long nanosUntil(double n, long now) {
        refill(now);
        return tokens >= n ? 0 : (long) Math.ceil((n - tokens) / rate * 1e9);
    }

    private void refill(long now) {
        long elapsed = now - updated;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * rate / 1e9);
            updated = now;
        }
    }
}
