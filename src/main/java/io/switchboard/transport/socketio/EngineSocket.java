package io.switchboard.transport.socketio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.switchboard.transport.LoopLane;

/**
 * One Engine.IO v4 session, as a state machine after the reference server's {@code socket.ts}:
 * open → closing → closed, with the upgrade from long-polling to WebSocket as a sub-state (a
 * probing WebSocket, then probed, then upgraded). Everything runs on the session's {@link #lane};
 * transports hand their requests and packets over to it.
 *
 * <p>Outgoing packets wait in a bounded buffer until the transport can take them: at once over
 * WebSocket, in one response to the next GET over long-polling. The server pings every
 * ping-interval and closes the session if the pong does not come within ping-timeout.
 */
final class EngineSocket {
    private static final Logger LOG = Logger.getLogger(EngineSocket.class);
    private static final EncodedPacket PING = EncodedPacket.text("2");
    private static final EncodedPacket PROBE_PONG = EncodedPacket.text("3probe");

    /** What the session carries: the Socket.IO connection above it. Called on the lane. */
    interface Listener {
        void onMessage(String text);

        void onMessage(byte[] binary);

        void onClose(EngineClose why);
    }

    enum State {
        OPEN, CLOSING, CLOSED
    }

    final String sid;
    final LoopLane lane;
    private final EngineSettings settings;
    private final Consumer<EngineSocket> forget;
    private final ArrayDeque<EncodedPacket> buffer = new ArrayDeque<>();
    private final Runnable flushTask = this::flush;

    private Listener listener;
    private State state = State.OPEN;
    private EngineTransport transport;
    /** A WebSocket that asked to take over, until it sends the upgrade packet. */
    private EngineTransport probing;
    private boolean probed;
    private boolean upgraded;
    private long bufferedBytes;
    private boolean flushQueued;
    private EngineClose closing;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongTimer;
    private ScheduledFuture<?> upgradeTimer;
    private ScheduledFuture<?> closeTimer;

    /** @param forget told once when the session has closed, to drop it from the server's registry */
    EngineSocket(String sid, LoopLane lane, EngineSettings settings, EngineTransport transport, Consumer<EngineSocket> forget) {
        this.sid = sid;
        this.lane = lane;
        this.settings = settings;
        this.transport = transport;
        this.forget = forget;
    }

    /** Attaches the transport, sends the open packet and starts the heartbeat. */
    void open(Listener listener) {
        this.listener = listener;
        transport.attach(this);
        boolean canUpgrade = EngineError.POLLING.equals(transport.name());
        queue(EncodedPacket.text("0" + settings.handshake(sid, canUpgrade)));
        schedulePing();
    }

    State state() {
        return state;
    }

    /** The Socket.IO connection over this session. */
    SocketIoConnection connection() {
        return listener instanceof SocketIoConnection connection ? connection : null;
    }

    /** The current transport's name. */
    String transportName() {
        return transport.name();
    }

    EngineTransport transport() {
        return transport;
    }

    // ---- sending -------------------------------------------------------------------------------

    /** Queues message packets (already encoded) for the client; dropped unless the session is open. */
    void send(EncodedPacket[] packets) {
        for (EncodedPacket packet : packets) {
            if (!queue(packet)) {
                return;
            }
        }
    }

    private boolean queue(EncodedPacket packet) {
        if (state != State.OPEN) {
            return false;
        }
        if (transport.immediate() && buffer.isEmpty() && transport.writable()) {
            // Nothing waits before it: straight to the transport, which bounds what it holds.
            transport.send(packet);
            return state == State.OPEN;
        }
        if (bufferedBytes + packet.length() > settings.maxPendingBytes()) {
            LOG.debugf("closing slow consumer %s (%d bytes waiting)", sid, bufferedBytes);
            closeNow(EngineClose.SLOW_CONSUMER);
            return false;
        }
        buffer.add(packet);
        bufferedBytes += packet.length();
        if (transport.immediate()) {
            flush();
        } else if (!flushQueued) {
            // A burst of packets leaves in one response.
            flushQueued = true;
            lane.execute(flushTask);
        }
        return true;
    }

    /** Hands the buffer to the transport if it can take it; finishes a graceful close. */
    void flush() {
        flushQueued = false;
        if (state == State.CLOSED || !transport.writable()) {
            return;
        }
        if (state == State.CLOSING) {
            transport.end(drain(), closing);
            closeNow(closing);
        } else if (!buffer.isEmpty()) {
            transport.send(drain());
        }
    }

    private List<EncodedPacket> drain() {
        List<EncodedPacket> packets = new ArrayList<>(buffer);
        buffer.clear();
        bufferedBytes = 0;
        return packets;
    }

    // ---- receiving -----------------------------------------------------------------------------

    /** A packet from {@code from}: the current transport, or a WebSocket probing for the upgrade. */
    void onPacket(EngineTransport from, EnginePacket packet) {
        if (from == probing) {
            onProbePacket(packet);
            return;
        }
        if (from != transport || state != State.OPEN) {
            return;
        }
        switch (packet.type()) {
            case PONG -> {
                cancel(pongTimer);
                cancel(pingTimer);
                schedulePing();
            }
            case MESSAGE -> {
                if (packet.isBinary()) {
                    listener.onMessage(packet.binary());
                } else {
                    listener.onMessage(packet.text() == null ? "" : packet.text());
                }
            }
            case CLOSE -> closeNow(EngineClose.CLIENT);
            case PING -> {
                LOG.debugf("closing %s: a client does not ping in Engine.IO v4", sid);
                closeNow(EngineClose.PROTOCOL_ERROR);
            }
            default -> LOG.debugf("ignoring %s packet from %s", packet.type(), sid);
        }
    }

    /** The transport is ready to send (a GET came in). */
    void transportReady(EngineTransport ready) {
        if (ready != transport) {
            return;
        }
        if (probed && buffer.isEmpty() && state == State.OPEN) {
            // The client is switching to WebSocket: let its poll return at once.
            transport.send(List.of(EngineTransport.NOOP));
        } else {
            flush();
        }
    }

    /** {@code failed} closed or broke; the session ends with it unless it was only probing. */
    void transportFailed(EngineTransport failed, EngineClose why) {
        if (failed == probing) {
            cancelUpgrade(why);
        } else if (failed == transport) {
            closeNow(why);
        }
    }

    // ---- heartbeat -----------------------------------------------------------------------------

    private void schedulePing() {
        pingTimer = lane.schedule(settings.pingInterval(), this::ping);
    }

    private void ping() {
        if (state != State.OPEN) {
            return;
        }
        queue(PING);
        pongTimer = lane.schedule(settings.pingTimeout(), () -> {
            LOG.debugf("closing %s: no pong within %s", sid, settings.pingTimeout());
            closeNow(EngineClose.PING_TIMEOUT);
        });
    }

    // ---- upgrade -------------------------------------------------------------------------------

    /** A WebSocket with this session's id: it may take over from long-polling. */
    void upgrade(EngineTransport websocket) {
        if (state != State.OPEN || probing != null || upgraded || !EngineError.POLLING.equals(transport.name())) {
            LOG.debugf("refusing a second transport for %s", sid);
            websocket.end(List.of(), EngineClose.PROTOCOL_ERROR);
            return;
        }
        probing = websocket;
        upgradeTimer = lane.schedule(settings.upgradeTimeout(), () -> cancelUpgrade(EngineClose.PROTOCOL_ERROR));
    }

    private void onProbePacket(EnginePacket packet) {
        if (packet.type() == EnginePacket.Type.PING && "probe".equals(packet.text())) {
            probing.send(List.of(PROBE_PONG));
            probed = true;
            if (transport.writable()) {
                List<EncodedPacket> packets = drain();
                packets.add(EngineTransport.NOOP);
                transport.send(packets);
            }
        } else if (packet.type() == EnginePacket.Type.UPGRADE && state != State.CLOSED) {
            cancel(upgradeTimer);
            EngineTransport previous = transport;
            transport = probing;
            probing = null;
            probed = false;
            upgraded = true;
            previous.discard();
            LOG.debugf("session %s upgraded to websocket", sid);
            flush();
        } else {
            cancelUpgrade(EngineClose.PROTOCOL_ERROR);
        }
    }

    private void cancelUpgrade(EngineClose why) {
        cancel(upgradeTimer);
        if (probing != null) {
            probing.end(List.of(), why);
            probing = null;
            probed = false;
        }
    }

    // ---- closing -------------------------------------------------------------------------------

    /**
     * Closes the session after what is queued has gone out: at once over WebSocket; over
     * long-polling with the next GET (or after close-timeout without one).
     */
    void close(EngineClose why) {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        closing = why;
        closeTimer = lane.schedule(settings.closeTimeout(), () -> closeNow(why));
        flush();
    }

    /** Closes the session now: the transport ends, queued packets are dropped. */
    void closeNow(EngineClose why) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancel(pingTimer);
        cancel(pongTimer);
        cancel(upgradeTimer);
        cancel(closeTimer);
        buffer.clear();
        bufferedBytes = 0;
        transport.end(List.of(), why);
        if (probing != null) {
            probing.end(List.of(), why);
            probing = null;
        }
        forget.accept(this);
        LOG.debugf("session %s closed: %s", sid, why.reason());
        if (listener != null) {
            listener.onClose(why);
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
