package io.switchboard.protocol;

import java.util.concurrent.atomic.LongAdder;

/**
 * WebSocket close codes the server sends. Ranges follow a simple rule clients can rely on:
 * 1000–2999 are the RFC 6455 codes; 4000–4499 mean "reconnect (with backoff)"; 4500–4999 mean
 * "do not reconnect with the same credentials". Reasons stay under the 123-byte limit.
 */
public enum CloseCode {
    /**
     * The client broke RFC 6455: reserved bits or opcodes, a bad control frame, a continuation
     * out of place, an unmasked frame, an invalid close code.
     */
    PROTOCOL_ERROR(1002, "protocol error"),
    /** A text message or a close reason was not valid UTF-8 (RFC 6455). */
    INVALID_DATA(1007, "invalid UTF-8"),
    /** A frame or message was larger than {@code switchboard.max-frame-size} (RFC 6455). */
    TOO_BIG(1009, "message too big"),
    /** The server could not register the connection (for example the backplane is unreachable). */
    UNAVAILABLE(1011, "server unavailable"),
    /** The server is shutting down or restarting (RFC 6455 registry): reconnect, to another instance. */
    SERVICE_RESTART(1012, "service restart, reconnect"),
    /** The peer did not answer keep-alive pings in time. */
    NO_PONG(4001, "keep-alive timeout"),
    /** The peer read too slowly and its send buffer passed {@code switchboard.limits.max-pending-bytes}. */
    SLOW_CONSUMER(4002, "slow consumer, reconnect and recover"),
    /** The connection's token expired and no fresh one came in time; reconnect with a new token. */
    TOKEN_EXPIRED(4003, "token expired"),
    /** The connection kept sending past its rate limit. */
    TOO_MANY_REQUESTS(4004, "too many requests"),
    /** An operator disconnected the client (HTTP API); it should not reconnect on its own. */
    KICKED(4500, "disconnected by the server"),
    /** The connection did not authenticate in time (required mode); do not retry without a valid token. */
    UNAUTHORIZED(4501, "unauthorized"),
    /** The client resumed its session on a new connection, which replaces this one. */
    REPLACED(4502, "session resumed on another connection");

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

    /**
     * Whether a client may send {@code code} in a close frame (RFC 6455 §7.4): the defined codes
     * 1000–1003 and 1007–1014, and the registered and private ranges 3000–4999. Anything else
     * (0–999, 1004–1006, 1015, 1016–2999, 5000 and up) fails the connection with
     * {@link #PROTOCOL_ERROR}. A valid code is answered with the same code.
     */
    public static boolean isValidFromClient(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
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
