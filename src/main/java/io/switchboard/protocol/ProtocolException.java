package io.switchboard.protocol;

/** A request the server refuses; becomes an {@code error} frame, never a closed socket. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;
    private final String id;
    private final String room;
    private final String right;

    /**
     * @param code the error code
     * @param id the raw JSON id of the request, when it could be read, else null
     * @param message a human-readable explanation
     */
    public ProtocolException(ErrorCode code, String id, String message) {
        this(code, id, message, null, null);
    }

    private ProtocolException(ErrorCode code, String id, String message, String room, String right) {
        super(message, null, false, false);
        this.code = code;
        this.id = id;
        this.room = room;
        this.right = right;
    }

    /** A {@code forbidden} refusal that names the room and the right the client lacks. */
    public static ProtocolException forbidden(String id, String room, String right) {
        return new ProtocolException(ErrorCode.FORBIDDEN, id,
                "no \"" + right + "\" right in room \"" + room + "\"", room, right);
    }

    /** The error frame for this refusal. */
    public Frame frame() {
        return room == null ? Frames.error(id, code, getMessage()) : Frames.forbidden(id, getMessage(), room, right);
    }

    public ErrorCode code() {
        return code;
    }

    /** The raw JSON id of the refused request, or null. */
    public String id() {
        return id;
    }
}
