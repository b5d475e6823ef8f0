package io.switchboard.transport.socketio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.switchboard.hub.Client;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Lane;
import io.switchboard.hub.Session;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Position;
import io.switchboard.security.Gate;

/**
 * A Socket.IO socket of the main namespace as a hub {@link Session}: one hub client from its
 * CONNECT to its DISCONNECT (or the end of the connection). Its events become hub requests, the
 * hub's frames become its events and acks (see {@link HubMapping}).
 *
 * <p>Connection state recovery (when recovery-window is not 0): the CONNECT reply carries a private
 * id ({@code pid}), every kept room message the socket receives carries the socket's delivery
 * vector as its last argument ({@link RecoveryState}), and the session's record is stored whenever
 * its rooms change. A CONNECT whose {@code auth} has a known {@code pid} (and the {@code offset} of
 * the last event the client got) resumes that session: same socket id, same rooms, and every kept
 * message it missed, after a CONNECT reply with the same pid. When any room cannot be resumed
 * exactly (its history no longer holds what was missed), the socket starts afresh instead.
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
    /** Where recoverable sessions are kept; null when recovery is off. */
    private final SessionRecords records;
    private final JsonNode auth;
    private final Set<String> rooms = new LinkedHashSet<>();
    /** Frames the hub sent before the CONNECT reply went out; they follow it. */
    private List<Frame> early = new ArrayList<>();
    private State state = State.CONNECTING;
    private Client client;
    /** The recoverable session; null when recovery is off, or the session is no longer to be kept. */
    private RecoveryState recovery;
    private boolean saveQueued;
    private ScheduledFuture<?> refresh;
    /** Rate limits and the connection's end; set once the CONNECT's token has been accepted. */
    private Gate gate;

    SocketIoSocket(SocketIoConnection connection, EngineSocket engine, Hub hub, EngineSettings settings,
            SessionRecords records, JsonNode auth) {
        this.connection = connection;
        this.engine = engine;
        this.hub = hub;
        this.settings = settings;
        this.records = records;
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
     * Authenticates the CONNECT and registers with the hub, resuming the session the {@code auth}
     * names if it can; the CONNECT reply goes out once the hub has given an id, a CONNECT_ERROR if
     * the token is refused.
     */
    void connect() {
        String pid = records == null ? null : text(auth.get("pid"));
        if (pid == null) {
            register(null);
            return;
        }
        JsonNode offset = auth.get("offset");
        records.take(pid).subscribe().with(
                record -> engine.lane.run(() -> resume(pid, record, offset == null || offset.isNull() ? "" : text(offset))),
                failure -> engine.lane.run(() -> {
                    LOG.warnf("reading the Socket.IO session of %s failed: %s", engine.sid, failure.getMessage());
                    register(null);
                }));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** Resumes the stored session if every room of it can be resumed exactly; else starts afresh. */
    private void resume(String pid, byte[] record, String offset) {
        RecoveryState.Resumed resumed = record == null || offset == null ? null : RecoveryState.resume(pid, record, offset);
        if (state == State.CLOSED || resumed == null) {
            if (record != null && resumed == null) {
                LOG.debugf("%s: the session to recover or the offset %s is not valid; starting afresh", engine.sid, offset);
            }
            register(null);
            return;
        }
        // Taken from the store: kept again if this connection ends before it is registered.
        recovery = resumed.state();
        List<Uni<Boolean>> checks = resumed.since().entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> hub.holdsEverythingAfter(e.getKey(), e.getValue())).toList();
        Uni<Boolean> whole = checks.isEmpty() ? Uni.createFrom().item(true)
                : Uni.join().all(checks).andFailFast().map(held -> !held.contains(false));
        whole.subscribe().with(
                ok -> engine.lane.run(() -> register(ok ? resumed : null)),
                failure -> engine.lane.run(() -> {
                    LOG.warnf("checking the Socket.IO session of %s failed: %s", engine.sid, failure.getMessage());
                    register(null);
                }));
    }

    /**
     * Registers as a new hub client, or as the client of {@code resumed}: the token is checked as
     * for any CONNECT, and a session is resumed only for the user it belonged to.
     */
    private void register(RecoveryState.Resumed resumed) {
        if (state == State.CLOSED) {
            return;
        }
        if (resumed == null && recovery != null) {
            LOG.debugf("%s: session %s not recovered", engine.sid, recovery.pid());
            recovery = null;
        }
        Long id = resumed == null ? null : resumed.state().client();
        String user = resumed == null ? null : resumed.state().user();
        connection.entry().open(this, auth, g -> gate = g, id, user).subscribe().with(
                registered -> engine.lane.run(() -> connected(registered, resumed)),
                failure -> engine.lane.run(() -> {
                    if (failure instanceof SocketIoAccess.Refused refused) {
                        refused(refused);
                        return;
                    }
                    if (resumed != null && state == State.CONNECTING) {
                        LOG.debugf("%s: resuming client %d failed (%s); starting afresh", engine.sid, id, failure.getMessage());
                        if (gate != null) {
                            gate.closed();
                            gate = null;
                        }
                        register(null);
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
        // Its record goes back: the session may still be resumed with a valid token.
        if (recovery != null) {
            records.save(recovery);
            recovery = null;
        }
        state = State.CLOSED;
        early = null;
        engine.send(new EncodedPacket[] {HubMapping.connectError(refused.data())});
        connection.refused(this);
    }

    private void connected(Client registered, RecoveryState.Resumed resumed) {
        if (state == State.CLOSED) {
            hub.disconnect(registered);
            return;
        }
        if (resumed != null && registered.id() != resumed.state().client()) {
            // Another user's token: a new session; the stored one stays for its own user.
            LOG.debugf("%s: session %s belongs to another user; starting afresh", engine.sid, resumed.state().pid());
            records.save(resumed.state());
            resumed = null;
        }
        client = registered;
        rooms.add(Hub.LOBBY);
        if (resumed != null) {
            for (Map.Entry<String, Position> room : resumed.since().entrySet()) {
                hub.handle(client, HubMapping.rejoin(room.getKey(), room.getValue(), !settings.feeds().contains(room.getKey())));
            }
        } else {
            if (records != null) {
                recovery = new RecoveryState(RandomIds.next(), client.id(), client.user());
                if (hub.keepsHistory(Hub.LOBBY)) {
                    // The lobby's position now, for what this socket would miss there.
                    hub.handle(client, HubMapping.internalRequest("join", Hub.LOBBY));
                }
            }
            for (String feed : settings.feeds()) {
                hub.handle(client, HubMapping.internalRequest("join", feed));
            }
        }
        if (recovery != null) {
            // Stored before the client learns its pid, so it can come back at once.
            records.save(recovery);
            scheduleRefresh();
        }
        engine.send(new EncodedPacket[] {HubMapping.connected(client.id(), recovery == null ? null : recovery.pid())});
        state = State.CONNECTED;
        List<Frame> waiting = early;
        early = null;
        waiting.forEach(this::write);
    }

    /** Stores the record at the end of the lane's current work, so a burst of changes is one write. */
    private void saveSoon() {
        if (!saveQueued) {
            saveQueued = true;
            engine.lane.execute(() -> {
                saveQueued = false;
                if (recovery != null && recovery.changed()) {
                    records.save(recovery);
                }
            });
        }
    }

    private void scheduleRefresh() {
        refresh = engine.lane.schedule(records.refresh(), () -> {
            if (state == State.CONNECTED && recovery != null) {
                records.touch(recovery.pid());
                scheduleRefresh();
            }
        });
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
        String room = translation.room();
        if (room != null) {
            if (translation.joined()) {
                rooms.add(room);
                if (recovery != null) {
                    recovery.joined(room, translation.position());
                }
            } else {
                rooms.remove(room);
                if (recovery != null) {
                    recovery.left(room);
                }
            }
        }
        EncodedPacket[] packets = translation.packets();
        if (recovery != null) {
            if (translation.stream() != null && packets.length > 0) {
                String offset = recovery.delivered(translation.stream(), frame.offset(), frame.epoch());
                if (offset != null) {
                    packets = HubMapping.withOffset(packets, offset);
                }
            }
            if (recovery.changed()) {
                saveSoon();
            }
        }
        engine.send(packets);
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
                // A client that says goodbye does not come back for its session.
                forget();
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
        if (refresh != null) {
            refresh.cancel(false);
        }
        if (recovery != null) {
            // From now on the record lives for recovery-window.
            if (recovery.changed()) {
                records.save(recovery);
            } else {
                records.touch(recovery.pid());
            }
        }
        if (client != null) {
            hub.disconnect(client);
        }
    }

    /** The session is not to be recovered: its record is removed and no longer written. */
    private void forget() {
        if (recovery != null) {
            records.forget(recovery.pid());
            recovery = null;
        }
    }

    /**
     * Ends the connection. Where the code tells the client not to come back as it is (its token
     * expired, it was kicked, its session was resumed elsewhere), the socket is first disconnected
     * with a DISCONNECT packet, which Socket.IO clients report as "io server disconnect" and do not
     * reconnect after on their own.
     */
    @Override
    public void close(CloseCode code) {
        // What becomes of the session is settled at once: a replacing connection may store it next.
        engine.lane.run(() -> {
            if (code == CloseCode.KICKED) {
                forget();
            } else if (code == CloseCode.REPLACED) {
                // Its session lives on in the connection that replaced it.
                recovery = null;
            }
        });
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
