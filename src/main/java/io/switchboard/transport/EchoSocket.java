package io.switchboard.transport;

import jakarta.inject.Inject;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * {@code /echo}: answers every frame with the same frame, for round-trip checks and first demos.
 * Every callback finishes at once, so they may run concurrently.
 */
@WebSocket(path = "/echo", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class EchoSocket {

    @Inject
    Sessions sessions;

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        sessions.track(connection);
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        sessions.forget(connection);
    }

    @OnTextMessage
    @NonBlocking
    String text(String text) {
        return text;
    }

    @OnBinaryMessage
    @NonBlocking
    Buffer binary(Buffer data) {
        return data;
    }

    @OnError
    @NonBlocking
    void error(Throwable failure, WebSocketConnection connection) {
        Transports.onError(connection, failure);
    }
}
