package io.switchboard.transport.socketio;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.jboss.logging.Logger;

import io.switchboard.hub.Hub;

/**
 * The Socket.IO v5 layer over one Engine.IO session, after the reference server's
 * {@code client.ts}: it decodes packets, routes them to the socket of their namespace and closes the
 * session on anything malformed or out of place. Only the main namespace {@code /} exists; a
 * CONNECT to another gets {@code 44/name,{"message":"Invalid namespace"}}. A session that has not
 * connected to a namespace within connect-timeout is closed. Runs on the session's lane.
 */
final class SocketIoConnection implements EngineSocket.Listener {
    private static final Logger LOG = Logger.getLogger(SocketIoConnection.class);

    private final EngineSocket engine;
    private final Hub hub;
    private final EngineSettings settings;
    private final SessionRecords records;
    private final SocketIoDecoder decoder = new SocketIoDecoder();
    private final SocketIoAccess.Entry entry;
    /** Wire bytes of the packet being decoded (a binary packet spans several messages). */
    private int packetBytes;
    private final long connectDeadline;
    private ScheduledFuture<?> connectTimer;
    private SocketIoSocket main;
    private boolean everConnected;
    /** Whether a socket of this session has been connected (then connect-timeout no longer applies). */
    private boolean established;

    SocketIoConnection(EngineSocket engine, Hub hub, EngineSettings settings, SocketIoAccess.Entry entry, SessionRecords records) {
        this.engine = engine;
        this.entry = entry;
        this.hub = hub;
        this.settings = settings;
        this.records = records;
        this.connectDeadline = System.nanoTime() + settings.connectTimeout().toNanos();
        this.connectTimer = engine.lane.schedule(settings.connectTimeout(), () -> {
            if (!everConnected) {
                LOG.debugf("closing %s: no CONNECT within %s", engine.sid, settings.connectTimeout());
                engine.close(EngineClose.CONNECT_TIMEOUT);
            }
        });
    }

    @Override
    public void onMessage(String text) {
        receive(text.length(), () -> decoder.add(text));
    }

    @Override
    public void onMessage(byte[] binary) {
        receive(binary.length, () -> decoder.add(binary));
    }

    /** One step of the decoder: a complete packet, or null while attachments are still due. */
    private interface Decoding {
        SocketIoPacket next() throws MalformedPacketException;
    }

    private void receive(int length, Decoding decoding) {
        packetBytes += length;
        SocketIoPacket packet;
        try {
            packet = decoding.next();
        } catch (MalformedPacketException e) {
            protocolError(e.getMessage());
            return;
        }
        if (packet != null) {
            int bytes = packetBytes;
            packetBytes = 0;
            onPacket(packet, bytes);
        }
    }

    private void onPacket(SocketIoPacket packet, int length) {
        SocketIoPacket.Type type = packet.type();
        if (!SocketIoPacket.MAIN.equals(packet.namespace())) {
            if (main != null && !main.admit(length)) {
                return;
            }
            if (type == SocketIoPacket.Type.CONNECT) {
                engine.send(new EncodedPacket[] {HubMapping.invalidNamespace(packet.namespace())});
            } else {
                protocolError(type + " for namespace " + packet.namespace() + ", which is not connected");
            }
            return;
        }
        if (main == null) {
            if (type == SocketIoPacket.Type.CONNECT) {
                everConnected = true;
                connectTimer.cancel(false);
                main = new SocketIoSocket(this, engine, hub, settings, records, packet.data());
                main.connect();
            } else {
                protocolError(type + " before CONNECT");
            }
        } else if (type == SocketIoPacket.Type.CONNECT || type == SocketIoPacket.Type.CONNECT_ERROR) {
            protocolError(type + " on a connected namespace");
        } else {
            main.onPacket(packet, length);
        }
    }

    /** How this session came in: its address and handshake token, for authenticating CONNECTs. */
    SocketIoAccess.Entry entry() {
        return entry;
    }

    /** The socket of the main namespace, or null before CONNECT and after DISCONNECT. */
    SocketIoSocket socket() {
        return main;
    }

    /** The socket of the main namespace has disconnected; the session stays open for a new CONNECT. */
    void disconnected(SocketIoSocket socket) {
        if (main == socket) {
            main = null;
        }
        established |= socket.clientId() != 0;
    }

    /**
     * The CONNECT of {@code socket} was refused (CONNECT_ERROR). The session stays open for another
     * CONNECT, as with the reference server, but only within connect-timeout of its start unless a
     * socket has been connected before.
     */
    void refused(SocketIoSocket socket) {
        disconnected(socket);
        if (established) {
            return;
        }
        long left = connectDeadline - System.nanoTime();
        if (left <= 0) {
            acceptedConnectTimedOut();
            return;
        }
        connectTimer = engine.lane.schedule(Duration.ofNanos(left), () -> {
            if (main == null) {
                acceptedConnectTimedOut();
            }
        });
    }

    private void acceptedConnectTimedOut() {
        LOG.debugf("closing %s: no accepted CONNECT within %s", engine.sid, settings.connectTimeout());
        engine.close(EngineClose.CONNECT_TIMEOUT);
    }

    /** A packet the protocol does not allow here: the session is closed, as the reference server does. */
    void protocolError(String why) {
        LOG.debugf("closing %s: %s", engine.sid, why);
        engine.close(EngineClose.PROTOCOL_ERROR);
    }

    @Override
    public void onClose(EngineClose why) {
        connectTimer.cancel(false);
        decoder.reset();
        if (main != null) {
            main.closed();
            main = null;
        }
    }
}
