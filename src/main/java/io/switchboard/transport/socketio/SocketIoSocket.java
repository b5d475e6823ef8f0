package io.switchboard.transport.socketio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.hub.Client;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Lane;
import io.switchboard.hub.Session;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frame;
import io.switchboard.security.Gate;

/**
 * A Socket.IO socket of the main namespace as a hub {@link Session}: one hub client from its
 * CONNECT to its DISCONNECT (or the end of the connection). Its events become hub requests, the
 * hub's frames become its events and acks (see {@link HubMapping}).
 *
 * <p>It keeps what connection state recovery needs to persist: the hub client id (the socket id
 * the CONNECT reply gives), the {@code auth} payload of the CONNECT, and the rooms it is in.
 */
final class SocketIoSocket implements Session {
    private static final Logger LOG = Logger.getLogger(SocketIoSocket.class);
    /** Most frames held while the hub registers the socket. */
    private static final int MAX_EARLY = 1024;

    private enum State {
        CONNECTING, CONNECTED, CLOSED
    }

    private final SocketIoConnection connection;
    private final EngineSocket engine;
    private final Hub hub;
    private final EngineSettings settings;
    private final JsonNode auth;
    private final Set<String> rooms = new LinkedHashSet<>();
    /** Frames the hub sent before the CONNECT reply went out; they follow it. */
    private List<Frame> early = new ArrayList<>();
    private State state = State.CONNECTING;
    private Client client;
    /** Rate limits and the connection's end; set once the CONNECT's token has been accepted. */
    private Gate gate;

    SocketIoSocket(SocketIoConnection connection, EngineSocket engine, Hub hub, EngineSettings settings, JsonNode auth) {
        this.connection = connection;
        this.engine = engine;
        this.hub = hub;
        this.settings = settings;
        this.auth = auth == null ? SocketIoCodec.JSON.createObjectNode() : auth;
    }

    /** The CONNECT payload ({@code {}} when there was none), for authentication. */
    JsonNode auth() {
        return auth;
    }

    /** The hub client id (the socket id), or 0 until the hub has registered the socket. */
    long clientId() {
        return client == null ? 0 : client.id();
    }

    /** The rooms the hub has confirmed, in the order they were joined. */
    Set<String> rooms() {
        return Collections.unmodifiableSet(rooms);
    }

    @Override
    public Lane lane() {
        return engine.lane;
    }

    /**
     * Authenticates the CONNECT and registers with the hub; the CONNECT reply goes out once the hub
     * has given an id, a CONNECT_ERROR if the token is refused.
     */
    void connect() {
        connection.entry().open(this, auth, g -> gate = g).subscribe().with(
                registered -> engine.lane.run(() -> connected(registered)),
                failure -> engine.lane.run(() -> {
                    if (failure instanceof SocketIoAccess.Refused refused) {
                        refused(refused);
                        return;
                    }
                    LOG.warnf(failure, "connect of %s failed", engine.sid);
                    if (state == State.CONNECTING) {
                        engine.close(EngineClose.of(CloseCode.UNAVAILABLE));
                    }
                }));
    }

    /** The CONNECT's token was refused: CONNECT_ERROR, and the session stays open for another CONNECT. */
    private void refused(SocketIoAccess.Refused refused) {
        if (state != State.CONNECTING) {
            return;
        }
        LOG.debugf("CONNECT of %s refused: %s", engine.sid, refused.getMessage());
        state = State.CLOSED;
        early = null;
        engine.send(new EncodedPacket[] {HubMapping.connectError(refused.data())});
        connection.refused(this);
    }

    private void connected(Client registered) {
        if (state == State.CLOSED) {
            hub.disconnect(registered);
            return;
        }
        client = registered;
        rooms.add(Hub.LOBBY);
        for (String feed : settings.feeds()) {
            hub.handle(client, HubMapping.internalRequest("join", feed));
        }
        engine.send(new EncodedPacket[] {HubMapping.connected(client.id())});
        state = State.CONNECTED;
        List<Frame> waiting = early;
        early = null;
        waiting.forEach(this::write);
    }

    @Override
    public void write(Frame frame) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.CONNECTING) {
            if (early.size() == MAX_EARLY) {
                engine.close(EngineClose.SLOW_CONSUMER);
            } else {
                early.add(frame);
            }
            return;
        }
        HubMapping.Translation translation = frame.derived(HubMapping.TRANSLATE);
        if (translation.room() != null) {
            if (translation.joined()) {
                rooms.add(translation.room());
            } else {
                rooms.remove(translation.room());
            }
        }
        engine.send(translation.packets());
    }

    /**
     * An EVENT, ACK or DISCONNECT of this socket, {@code length} bytes on the wire. Each passes the
     * rate limits first; a refused event is answered with a {@code rate_limited} error (its ack,
     * or an {@code error} event).
     */
    void onPacket(SocketIoPacket packet, int length) {
        if (state != State.CONNECTED) {
            connection.protocolError(packet.type() + " before the CONNECT was answered");
            return;
        }
        switch (packet.type()) {
            case EVENT -> {
                byte[] request = HubMapping.request(packet.data(), packet.id());
                if (gate.admit(length, request)) {
                    hub.handle(client, request);
                }
            }
            case ACK -> {
                if (admit(length)) {
                    LOG.debugf("ignoring ACK %d from %s: the server asked for none", packet.id(), engine.sid);
                }
            }
            case DISCONNECT -> {
                closed();
                connection.disconnected(this);
            }
            default -> connection.protocolError(packet.type() + " from a client");
        }
    }

    /** Counts a packet that is not an event against the rate limits: true to handle it. */
    boolean admit(int length) {
        return gate == null || gate.admit(length, null);
    }

    /** The socket is gone (DISCONNECT, or the connection ended): it leaves the hub. */
    void closed() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        early = null;
        if (gate != null) {
            gate.closed();
        }
        if (client != null) {
            hub.disconnect(client);
        }
    }

    /**
     * Ends the connection. Where the code tells the client not to come back as it is (its token
     * expired, it was kicked), the socket is first disconnected with a DISCONNECT packet, which
     * Socket.IO clients report as "io server disconnect" and do not reconnect after on their own.
     */
    @Override
    public void close(CloseCode code) {
        // After the frames already handed to the lane (the replies a flood got before its close).
        engine.lane.execute(() -> {
            if (state == State.CONNECTED && HubMapping.isServerDisconnect(code)) {
                engine.send(new EncodedPacket[] {HubMapping.DISCONNECT});
            }
            engine.close(EngineClose.of(code));
        });
    }

    @Override
    public String toString() {
        return "SocketIoSocket[" + engine.sid + (client == null ? "" : ", client " + client.id()) + "]";
    }
}
