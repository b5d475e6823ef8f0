package io.switchboard.transport.socketio;

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
    private final ScheduledFuture<?> connectTimer;
    private SocketIoSocket main;
    private boolean everConnected;

    SocketIoConnection(EngineSocket engine, Hub hub, EngineSettings settings, SessionRecords records) {
        this.engine = engine;
        this.hub = hub;
        this.settings = settings;
        this.records = records;
        this.connectTimer = engine.lane.schedule(settings.connectTimeout(), () -> {
            if (!everConnected) {
                LOG.debugf("closing %s: no CONNECT within %s", engine.sid, settings.connectTimeout());
                engine.close(EngineClose.CONNECT_TIMEOUT);
            }
        });
    }

    @Override
    public void onMessage(String text) {
        receive(() -> decoder.add(text));
    }

    @Override
    public void onMessage(byte[] binary) {
        receive(() -> decoder.add(binary));
    }

    /** One step of the decoder: a complete packet, or null while attachments are still due. */
    private interface Decoding {
        SocketIoPacket next() throws MalformedPacketException;
    }

    private void receive(Decoding decoding) {
        SocketIoPacket packet;
        try {
            packet = decoding.next();
        } catch (MalformedPacketException e) {
            protocolError(e.getMessage());
            return;
        }
        if (packet != null) {
            onPacket(packet);
        }
    }

    private void onPacket(SocketIoPacket packet) {
        SocketIoPacket.Type type = packet.type();
        if (!SocketIoPacket.MAIN.equals(packet.namespace())) {
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
            main.onPacket(packet);
        }
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
