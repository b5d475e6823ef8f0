package io.switchboard.protocol;

/** A request the server refuses; becomes an {@code error} frame, never a closed socket. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;
    private final String id;

    /**
     * @param code the error code
     * @param id the raw JSON id of the request, when it could be read, else null
     * @param message a human-readable explanation
     */
    public ProtocolException(ErrorCode code, String id, String message) {
        super(message, null, false, false);
        this.code = code;
        this.id = id;
    }

    public ErrorCode code() {
        return code;
    }

    /** The raw JSON id of the refused request, or null. */
    public String id() {
        return id;
    }
}
