package io.switchboard.transport.socketio;

/**
 * The Engine.IO request errors, checked before a request reaches a session, with the codes and
 * messages of the reference server: refused with HTTP 400 (403 for {@link #FORBIDDEN}) and the body
 * {@code {"code":N,"message":"..."}}.
 */
enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown"),
    UNKNOWN_SID(1, "Session ID unknown"),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
    BAD_REQUEST(3, "Bad request"),
    FORBIDDEN(4, "Forbidden"),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

    static final String POLLING = "polling";
    static final String WEBSOCKET = "websocket";

    private final int code;
    private final String message;

    EngineError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    int code() {
        return code;
    }

    String message() {
        return message;
    }

    int status() {
        return this == FORBIDDEN ? 403 : 400;
    }

    /** The response body: {@code {"code":1,"message":"Session ID unknown"}}. */
    String json() {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }

    /**
     * Checks a request as the reference server's {@code verify} does, in its order: the transport,
     * then the session id, then for a handshake the method (GET only) and that a WebSocket
     * handshake is an upgrade, then the protocol version ({@code EIO=4}; the specification makes it
     * mandatory on every request). Whether the transport of a known session matches is checked by
     * the session.
     *
     * @param method the HTTP method
     * @param eio the {@code EIO} query parameter, or null
     * @param transport the {@code transport} query parameter, or null
     * @param sid the {@code sid} query parameter, or null
     * @param upgrade whether the request asks for a WebSocket upgrade
     * @param known whether {@code sid} names an open session
     * @return the error, or null when the request may proceed
     */
    static EngineError verify(String method, String eio, String transport, String sid, boolean upgrade, boolean known) {
        if (!POLLING.equals(transport) && !WEBSOCKET.equals(transport)) {
            return UNKNOWN_TRANSPORT;
        }
        if (sid != null) {
            if (!known) {
                return UNKNOWN_SID;
            }
        } else {
            if (!"GET".equals(method)) {
                return BAD_HANDSHAKE_METHOD;
            }
            if (WEBSOCKET.equals(transport) && !upgrade) {
                return BAD_REQUEST;
            }
        }
        if (upgrade && !WEBSOCKET.equals(transport)) {
            return BAD_REQUEST;
        }
        if (!"4".equals(eio)) {
            return UNSUPPORTED_PROTOCOL_VERSION;
        }
        return null;
    }
}
