package io.switchboard.transport;


import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.switchboard.hub.Client;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Frames;
import io.switchboard.security.Gate;
import io.switchboard.security.Gates;
import io.switchboard.security.UpgradeCheck;
import io.vertx.core.buffer.Buffer;

/**
 * The hub socket at {@code /}: JSON requests in, hub frames out. Everything runs on the event loop.
 * Callbacks run concurrently; {@link WsSession} keeps frames and the close behind the open.
 */
@WebSocket(path = "/", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class HubSocket {
    private static final Logger LOG = Logger.getLogger(HubSocket.class);
    /** The subprotocol of clients that want no lobby notices. */
    static final String V1 = "switchboard.v1";

    @Inject
    Hub hub;

    @Inject
    Sessions sessions;

    @Inject
    Gates gates;

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        WsSession session = sessions.open(connection);
        // Clients that speak switchboard.v1 use room presence and skip the lobby's notices.
        boolean lobbyNotices = !V1.equals(connection.subprotocol());
        Gate gate = gates.hub(session, connection.handshakeRequest().remoteAddress(),
                connection.userData().get(UpgradeCheck.PRINCIPAL), lobbyNotices);
        connection.userData().put(Sessions.GATE, gate);
        // Without a token at the upgrade, required mode registers the client after its auth frame.
        return gate.open()
                .onFailure().invoke(failure -> {
                    // Without an id the socket is useless: say so instead of leaving it silent.
                    LOG.warnf(failure, "connect of %s failed", connection.id());
                    session.close(CloseCode.UNAVAILABLE);
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid()
                .invoke(session::opened);
    }

    @OnTextMessage
    @NonBlocking
    void text(Buffer text, WebSocketConnection connection) {
        WsSession session = Sessions.session(connection);
        session.touched();
        byte[] bytes = text.getBytes();
        session.inbound(() -> connection.userData().get(Sessions.GATE).text(bytes));
    }

    @OnBinaryMessage
    @NonBlocking
    void binary(Buffer data, WebSocketConnection connection) {
        WsSession session = Sessions.session(connection);
        session.touched();
        session.inbound(() -> {
            if (connection.userData().get(Sessions.GATE).admit(data.length(), null)) {
                session.send(Frames.error(null, ErrorCode.BAD_REQUEST, "binary frames are not accepted here; send JSON text"));
            }
        });
    }

    @OnPongMessage
    @NonBlocking
    void pong(Buffer data, WebSocketConnection connection) {
        Sessions.session(connection).touched();
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        Sessions.afterOpen(connection, () -> {
            sessions.close(connection);
            Gate gate = connection.userData().get(Sessions.GATE);
            Client client = gate == null ? null : gate.closed();
            if (client != null) {
                hub.disconnect(client);
            }
        });
    }

    @OnError
    @NonBlocking
    void error(Throwable failure, WebSocketConnection connection) {
        Transports.onError(connection, failure);
    }
}
