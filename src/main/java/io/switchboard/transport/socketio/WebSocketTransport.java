package io.switchboard.transport.socketio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

import io.switchboard.transport.LoopLane;
import io.switchboard.transport.WireFrames;

/**
 * The WebSocket transport: each Engine.IO packet is one message, binary messages as they are.
 * Messages are reassembled from their frames here, up to max-payload. Outgoing packets are written
 * to the Netty channel as finished frames, a packet that goes to many recipients encoded once per
 * lane and shared (nothing is copied per recipient), and flushed by the lane once per burst; more
 * than max-pending-bytes waiting in the channel closes the session.
 */
final class WebSocketTransport extends EngineTransport implements LoopLane.Writer {
    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class);

    private final ServerWebSocket webSocket;
    /** Where finished frames are written: at the WebSocket frame encoder. */
    private final ChannelHandlerContext ctx;
    private final LoopLane lane;
    private final EngineSettings settings;
    private final AtomicBoolean ended = new AtomicBoolean();
    private EngineSocket socket;
    private boolean flushPending;

    /** The message being reassembled from its frames; touched on the connection's thread only. */
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private boolean messageBinary;
    private boolean inMessage;

    /**
     * @param channel the Vert.x handler's context of the upgraded connection
     * @param lane the lane of the session this WebSocket belongs (or asks) to
     */
    WebSocketTransport(ServerWebSocket webSocket, ChannelHandlerContext channel, LoopLane lane, EngineSettings settings) {
        this.webSocket = webSocket;
        this.ctx = WireFrames.writeContext(channel);
        this.lane = lane;
        this.settings = settings;
    }

    /** Starts reading: packets go to {@code socket} on its lane. Called on the connection's thread. */
    @Override
    void attach(EngineSocket socket) {
        this.socket = socket;
        webSocket.frameHandler(this::onFrame);
        webSocket.closeHandler(v -> {
            ended.set(true);
            lane.run(() -> socket.transportFailed(this, EngineClose.CLIENT));
        });
        webSocket.exceptionHandler(failure -> LOG.debugf("websocket of %s failed: %s", socket.sid, failure.getMessage()));
    }

    @Override
    String name() {
        return EngineError.WEBSOCKET;
    }

    @Override
    boolean writable() {
        return !ended.get();
    }

    @Override
    boolean immediate() {
        return true;
    }

    private void onFrame(WebSocketFrame frame) {
        if (ended.get() || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
            return;
        }
        if (!frame.isContinuation()) {
            message.reset();
            messageBinary = frame.isBinary();
            inMessage = true;
        } else if (!inMessage) {
            return;
        }
        byte[] data = frame.binaryData().getBytes();
        if (message.size() + data.length > settings.maxPayload()) {
            LOG.debugf("closing %s: a message over %d bytes", socket.sid, settings.maxPayload());
            inMessage = false;
            message.reset();
            lane.run(() -> socket.transportFailed(this, EngineClose.TOO_BIG));
            return;
        }
        message.writeBytes(data);
        if (!frame.isFinal()) {
            return;
        }
        inMessage = false;
        byte[] bytes = message.toByteArray();
        message.reset();
        if (messageBinary) {
            EnginePacket packet = EnginePacket.binary(bytes);
            lane.run(() -> socket.onPacket(this, packet));
            return;
        }
        try {
            EnginePacket packet = EngineIoCodec.decode(new String(bytes, StandardCharsets.UTF_8));
            lane.run(() -> socket.onPacket(this, packet));
        } catch (MalformedPacketException e) {
            LOG.debugf("closing %s: %s", socket.sid, e.getMessage());
            lane.run(() -> socket.transportFailed(this, EngineClose.PROTOCOL_ERROR));
        }
    }

    @Override
    void send(List<EncodedPacket> packets) {
        for (EncodedPacket packet : packets) {
            send(packet);
        }
    }

    @Override
    void send(EncodedPacket packet) {
        if (ended.get()) {
            return;
        }
        ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
        if (pending != null && pending.totalPendingWriteBytes() > settings.maxPendingBytes()) {
            LOG.debugf("closing slow consumer %s (%d bytes pending)", socket.sid, pending.totalPendingWriteBytes());
            socket.transportFailed(this, EngineClose.SLOW_CONSUMER);
            return;
        }
        // The same packet goes to every recipient of a fan-out: one frame per lane, shared. A packet with a
        // recipient's own end (its recovery offset) after the shared bytes is that recipient's alone.
        ByteBuf frame = packet.whole() ? lane.wire(packet, ctx.alloc(), WebSocketTransport::encode).retainedDuplicate()
                : encode(packet, ctx.alloc());
        ctx.write(frame, ctx.voidPromise());
        if (!flushPending) {
            flushPending = true;
            lane.flushLater(this);
        }
    }

    /** The packet as one finished frame: its shared bytes and its tail in one buffer. */
    private static ByteBuf encode(EncodedPacket packet, ByteBufAllocator alloc) {
        return WireFrames.encode(packet.shared(), packet.sharedLength(), packet.tail(), packet.binary(), alloc);
    }

    @Override
    public void flush() {
        flushPending = false;
        ctx.flush();
    }

    @Override
    void end(List<EncodedPacket> packets, EngineClose why) {
        if (!packets.isEmpty()) {
            send(packets);
        }
        if (ended.compareAndSet(false, true)) {
            ctx.flush();
            webSocket.close((short) why.code(), why.reason())
                    .onFailure(failure -> LOG.debugf("close of %s failed: %s", socket.sid, failure.getMessage()));
        }
    }

    @Override
    void discard() {
        end(List.of(), EngineClose.CLIENT);
    }
}
