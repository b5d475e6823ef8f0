package io.switchboard.transport.socketio;

import io.switchboard.protocol.CloseCode;

/**
 * Why an Engine.IO session ends, with the WebSocket close code and reason sent when it runs over
 * WebSocket. Over long-polling the pending GET receives a close packet {@code 1} instead (a noop
 * {@code 6} when the client itself closed).
 *
 * @param code the WebSocket close code
 * @param reason a short ASCII reason (at most 123 bytes)
 */
record EngineClose(int code, String reason) {
    /** The client sent a close packet, or closed its connection. */
    static final EngineClose CLIENT = new EngineClose(1000, "client closed");
    /** No pong within ping-timeout after a ping. */
    static final EngineClose PING_TIMEOUT = new EngineClose(4001, "ping timeout");
    /** A packet that is not Engine.IO or Socket.IO, or one out of place. */
    static final EngineClose PROTOCOL_ERROR = new EngineClose(1008, "protocol error");
    /** No Socket.IO CONNECT within connect-timeout. */
    static final EngineClose CONNECT_TIMEOUT = new EngineClose(1008, "connect timeout");
    /** A POST body or WebSocket message over max-payload. */
    static final EngineClose TOO_BIG = new EngineClose(1009, "payload too big");
    /** More than max-pending-bytes waited for the client. */
    static final EngineClose SLOW_CONSUMER = of(CloseCode.SLOW_CONSUMER);
    /** The server is shutting down. */
    static final EngineClose SHUTDOWN = of(CloseCode.SERVICE_RESTART);

    static EngineClose of(CloseCode code) {
        return new EngineClose(code.code(), code.reason());
    }
}
