package io.switchboard.security;

import io.switchboard.config.SecurityConfig;

/**
 * One connection's inbound rate limits: token buckets on frames and bytes per second, and a
 * tolerance for refused frames (one is forgiven per second) past which the connection is closed.
 * Confined to the connection's lane.
 */
public final class FrameLimiter {
    /** What to do with one inbound frame. */
    public enum Verdict {
        /** Handle it. */
        PASS,
        /** Do not handle it; tell the client. */
        REFUSE,
        /** Do not handle it and close the connection: it keeps sending past its limits. */
        CLOSE
    }

    /** A limiter that passes everything. */
    static final FrameLimiter NONE = new FrameLimiter(null, null, null);

    private final TokenBucket frames;
    private final TokenBucket bytes;
    private final TokenBucket strikes;

    private FrameLimiter(TokenBucket frames, TokenBucket bytes, TokenBucket strikes) {
        this.frames = frames;
        this.bytes = bytes;
        this.strikes = strikes;
    }

    /** A limiter with the configured rates; {@code maxFrameSize} raises a smaller byte burst so any frame can pass. */
    static FrameLimiter of(SecurityConfig.RateLimit config, int maxFrameSize) {
        long now = System.nanoTime();
        TokenBucket frames = config.framesPerSecond() > 0
                ? new TokenBucket(config.framesPerSecond(), Math.max(1, config.framesBurst()), now) : null;
        TokenBucket bytes = config.bytesPerSecond() > 0
                ? new TokenBucket(config.bytesPerSecond(), Math.max(config.bytesBurst(), maxFrameSize), now) : null;
        if (frames == null && bytes == null) {
            return NONE;
        }
        TokenBucket strikes = config.tolerance() > 0 ? new TokenBucket(1, config.tolerance(), now) : null;
        return new FrameLimiter(frames, bytes, strikes);
    }

    /** Counts one inbound frame of {@code length} bytes. */
    public Verdict check(int length) {
        if (frames == null && bytes == null) {
            return Verdict.PASS;
        }
        long now = System.nanoTime();
        boolean pass = (frames == null || frames.take(1, now)) && (bytes == null || bytes.take(length, now));
        if (pass) {
            return Verdict.PASS;
        }
        return strikes == null || strikes.take(1, now) ? Verdict.REFUSE : Verdict.CLOSE;
    }
}
