package io.switchboard.protocol;

import java.util.concurrent.atomic.LongAdder;

/**
 * WebSocket close codes the server sends. Ranges follow a simple rule clients can rely on:
 * 1000–2999 are the RFC 6455 codes; 4000–4499 mean "reconnect (with backoff)"; 4500–4999 mean
 * "do not reconnect with the same credentials". Reasons stay under the 123-byte limit.
 */
public enum CloseCode {
    /** A frame or message was larger than {@code switchboard.max-frame-size} (RFC 6455). */
    TOO_BIG(1009, "message too big"),
    /** The server could not register the connection (for example the backplane is unreachable). */
    UNAVAILABLE(1011, "server unavailable"),
    /** The peer did not answer keep-alive pings in time. */
    NO_PONG(4001, "keep-alive timeout"),
    /** The peer read too slowly and its send buffer passed {@code switchboard.limits.max-pending-bytes}. */
    SLOW_CONSUMER(4002, "slow consumer"),
    /** An operator disconnected the client (HTTP API); it should not reconnect on its own. */
    KICKED(4500, "disconnected by the server");

    /** Longest close reason RFC 6455 allows, in UTF-8 bytes (a control frame carries 125, the code takes 2). */
    public static final int MAX_REASON_BYTES = 123;

    private final int code;
    private final String reason;
    private final LongAdder sent = new LongAdder();

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** Counts one connection the server closed with this code (for statistics). */
    public void count() {
        sent.increment();
    }

    /** Connections the server closed with this code since the process started. */
    public long sent() {
        return sent.sum();
    }
}
