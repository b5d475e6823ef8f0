package io.switchboard.transport;

import jakarta.inject.Inject;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.switchboard.hub.Client;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.Frame;
import io.switchboard.security.Gate;
import io.switchboard.security.Gates;
import io.switchboard.security.UpgradeCheck;
import io.vertx.core.buffer.Buffer;

/**
 * The raw relay at {@code /raw/{room}}: every frame goes unchanged to every socket of the room, the
 * sender's included. No ids, no notices. The room name is checked before the upgrade. The open
 * callback finishes at once, so the callbacks may run concurrently.
 */
@WebSocket(path = "/raw/{room}", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class RawSocket {

    @Inject
    Hub hub;

    @Inject
    Sessions sessions;

    @Inject
    Gates gates;

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection, @PathParam String room) {
        WsSession session = sessions.open(connection);
        connection.userData().put(Sessions.GATE, gates.raw(session, connection.handshakeRequest().remoteAddress(),
                connection.userData().get(UpgradeCheck.PRINCIPAL), room));
        connection.userData().put(Sessions.CLIENT, hub.openRaw(room, session));
        session.opened();
    }

    @OnTextMessage
    @NonBlocking
    void text(Buffer text, WebSocketConnection connection) {
        Sessions.session(connection).touched();
        connection.userData().get(Sessions.GATE).relay(Frame.text(text.getBytes()));
    }

    @OnBinaryMessage
    @NonBlocking
    void binary(Buffer data, WebSocketConnection connection) {
        Sessions.session(connection).touched();
        connection.userData().get(Sessions.GATE).relay(Frame.binary(data.getBytes()));
    }

    @OnPongMessage
    @NonBlocking
    void pong(Buffer data, WebSocketConnection connection) {
        Sessions.session(connection).touched();
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        Client client = sessions.close(connection);
        Gate gate = connection.userData().get(Sessions.GATE);
        if (gate != null) {
            gate.closed();
        }
        if (client != null) {
            hub.closeRaw(client);
        }
    }

    @OnError
    @NonBlocking
    void error(Throwable failure, WebSocketConnection connection) {
        Transports.onError(connection, failure);
    }
}
