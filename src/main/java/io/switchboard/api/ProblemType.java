package io.switchboard.api;

import java.net.URI;

/**
 * Every kind of problem the HTTP API reports (RFC 9457). The {@link #code()}s are the stable
 * contract, shared with the hub protocol's {@code error} codes where the meaning is the same; the
 * {@link #type()} URI is {@code urn:switchboard:problem:<code>}.
 */
public enum ProblemType {
    /** The body is not valid JSON (or nests too deep). */
    BAD_JSON(400, "bad_json", "Body is not valid JSON"),
    /** Valid JSON, or a path or query parameter, that does not say what the endpoint needs. */
    BAD_REQUEST(400, "bad_request", "Bad request"),
    /** A room name that is not 1–64 characters of {@code [A-Za-z0-9._:-]}. */
    BAD_ROOM(400, "bad_room", "Bad room name"),
    /** No {@code Authorization: Bearer} header, or not the configured key. */
    UNAUTHORIZED(401, "unauthorized", "Missing or wrong API key"),
    /** The server has no API key configured (outside dev mode the API is then closed). */
    API_DISABLED(403, "api_disabled", "The HTTP API is disabled"),
    /** Well formed but not allowed, such as publishing into a feed room. */
    FORBIDDEN(403, "forbidden", "Not allowed"),
    /** The client is not connected to any node. */
    NO_SUCH_CLIENT(404, "no_such_client", "No such client"),
    /** No endpoint at this path. */
    NOT_FOUND(404, "not_found", "Not found"),
    /** The endpoint exists but not for this method. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed"),
    /** The endpoint cannot answer in a media type the caller accepts. */
    NOT_ACCEPTABLE(406, "not_acceptable", "Not acceptable"),
    /** A history position of another epoch, or ahead of the room's latest offset. */
    UNRECOVERABLE_POSITION(409, "unrecoverable_position", "Position not in this room's history"),
    /** A configured limit, such as the largest payload, was passed. */
    LIMIT_EXCEEDED(413, "limit_exceeded", "Limit exceeded"),
    /** The body is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
    /** Something failed inside the server; the log has the details, the response never does. */
    INTERNAL(500, "internal", "Internal server error"),
    /** The backplane could not complete the request. */
    UNAVAILABLE(503, "unavailable", "Service unavailable");

    private static final String PREFIX = "urn:switchboard:problem:";

    private final int status;
    private final String code;
    private final String title;

    ProblemType(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The stable code, for example {@code bad_room}. */
    public String code() {
        return code;
    }

    /** The short, fixed summary of the problem type. */
    public String title() {
        return title;
    }

    public URI type() {
        return URI.create(PREFIX + code);
    }

    /** The problem type for a bare HTTP status the JAX-RS layer raised, or null for none. */
    static ProblemType ofStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> LIMIT_EXCEEDED;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> UNAVAILABLE;
            default -> null;
        };
    }
}
