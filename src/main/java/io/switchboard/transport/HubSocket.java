package io.switchboard.transport;

import java.util.ArrayDeque;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.switchboard.hub.Client;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Frames;
import io.vertx.core.buffer.Buffer;

/** The hub socket at {@code /}: JSON requests in, hub frames out. Everything runs on the event loop. */
@WebSocket(path = "/")
public class HubSocket {
    private static final Logger LOG = Logger.getLogger(HubSocket.class);
    /** The subprotocol of clients that want no lobby notices. */
    static final String V1 = "switchboard.v1";
    /**
     * Frames a client may send before it has its id (which can take a backplane round trip); they
     * are handled in order once it has one. Past this the connection is closed.
     */
    static final int MAX_EARLY_FRAMES = 256;
    private static final UserData.TypedKey<ArrayDeque<byte[]>> EARLY = new UserData.TypedKey<>("switchboard.early");

    @Inject
    Hub hub;

    @Inject
    Sessions sessions;

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        WsSession session = sessions.open(connection);
        // Clients that speak switchboard.v1 use room presence and skip the lobby's notices.
        boolean lobbyNotices = !V1.equals(connection.subprotocol());
        return hub.connect(session, lobbyNotices)
                .invoke(client -> {
                    connection.userData().put(Sessions.CLIENT, client);
                    ArrayDeque<byte[]> early = connection.userData().remove(EARLY);
                    if (early != null) {
                        early.forEach(text -> hub.handle(client, text));
                    }
                })
                .onFailure().invoke(failure -> {
                    // Without an id the socket is useless: say so instead of leaving it silent.
                    LOG.warnf(failure, "connect of %s failed", connection.id());
                    session.close(CloseCode.UNAVAILABLE);
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @OnTextMessage
    @NonBlocking
    void text(Buffer text, WebSocketConnection connection) {
        WsSession session = Sessions.session(connection);
        session.touched();
        Client client = connection.userData().get(Sessions.CLIENT);
        if (client != null) {
            hub.handle(client, text.getBytes());
            return;
        }
        // Still waiting for its id: keep the frame for when it has one.
        ArrayDeque<byte[]> early = connection.userData().get(EARLY);
        if (early == null) {
            early = new ArrayDeque<>();
            connection.userData().put(EARLY, early);
        }
        if (early.size() >= MAX_EARLY_FRAMES) {
            session.close(CloseCode.UNAVAILABLE);
            return;
        }
        early.add(text.getBytes());
    }

    @OnBinaryMessage
    @NonBlocking
    void binary(Buffer data, WebSocketConnection connection) {
        WsSession session = Sessions.session(connection);
        session.touched();
        session.send(Frames.error(null, ErrorCode.BAD_REQUEST, "binary frames are not accepted here; send JSON text"));
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
        if (client != null) {
            hub.disconnect(client);
        }
    }

    @OnError
    @NonBlocking
    void error(Throwable failure, WebSocketConnection connection) {
        Transports.onError(connection, failure);
    }
}
