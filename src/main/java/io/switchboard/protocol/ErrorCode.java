package io.switchboard.protocol;

import java.util.concurrent.atomic.LongAdder;

/**
 * Every error a client can receive in an {@code error} frame. The string codes are the stable
 * contract (clients switch on them); the enum names are internal.
 */
public enum ErrorCode {
    /** The text frame is not valid JSON. */
    BAD_JSON("bad_json"),
    /** Valid JSON, but not an object, or a field is missing or has the wrong type. */
    BAD_REQUEST("bad_request"),
    /** The {@code type} is not one the server knows. */
    UNKNOWN_TYPE("unknown_type"),
    /** The room name is not 1–64 characters of {@code [A-Za-z0-9._:-]}. */
    BAD_ROOM("bad_room"),
    /** The request needs membership of a room the client is not in. */
    NOT_MEMBER("not_member"),
    /** The recipient of a {@code direct} is not connected. */
    NO_SUCH_CLIENT("no_such_client"),
    /** The request is well formed but not allowed (a feed room, the lobby). */
    FORBIDDEN("forbidden"),
    /**
     * The request would pass a configured limit (state keys per room, state value size, history
     * count); the message names the limit.
     */
    LIMIT_EXCEEDED("limit_exceeded"),
    /** The server could not complete the request (for example the backplane is unreachable). */
    UNAVAILABLE("unavailable"),
    /** A token is missing, invalid or expired, or the connection must authenticate first. */
    UNAUTHORIZED("unauthorized"),
    /** The connection sent more frames or bytes than its rate limit allows; the frame was not handled. */
    RATE_LIMITED("rate_limited");

    private final String code;
    private final LongAdder sent = new LongAdder();

    ErrorCode(String code) {
        this.code = code;
    }

    /** The stable wire code, for example {@code not_member}. */
    public String code() {
        return code;
    }

    /** Counts one {@code error} frame with this code (for statistics). */
    void count() {
        sent.increment();
    }

    /** {@code error} frames with this code built since the process started. */
    public long sent() {
        return sent.sum();
    }
}
