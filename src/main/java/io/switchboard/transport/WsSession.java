package io.switchboard.transport;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.hub.ConnectionLog;
import io.switchboard.hub.Lane;
import io.switchboard.hub.Session;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frame;
import io.vertx.core.buffer.Buffer;

/**
 * A websockets-next connection as a hub {@link Session}. Frames are written straight to the Netty
 * channel as finished WebSocket frames encoded once per lane (no copy, no per-recipient encoding)
 * and flushed by the lane in batches. The send buffer is bounded: past {@code maxPendingBytes}
 * the peer is closed as a slow consumer.
 */
final class WsSession implements Session {
    private static final Logger LOG = Logger.getLogger(WsSession.class);
    private static final ConnectionLog CONNECTION_LOG = ConnectionLog.of(WsSession.class);
    private static final Buffer PING = Buffer.buffer(new byte[0]);

    private final WebSocketConnection connection;
    private final ChannelHandlerContext ctx;
    private final NettyLane lane;
    private final long maxPendingBytes;
    private volatile boolean closing;

    /** Confined to the lane's thread. */
    boolean flushPending;
    long lastRead = System.nanoTime();
    long pingSentAt;

    WsSession(WebSocketConnection connection, ChannelHandlerContext ctx, NettyLane lane, long maxPendingBytes) {
        this.connection = connection;
        this.ctx = ctx;
        this.lane = lane;
        this.maxPendingBytes = maxPendingBytes;
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public Lane lane() {
        return lane;
    }

    /** Records inbound traffic for keep-alive; called on the lane. */
    void touched() {
        lastRead = System.nanoTime();
    }

    @Override
    public void write(Frame frame) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
        if (pending != null && pending.totalPendingWriteBytes() + frame.length() > maxPendingBytes) {
            CONNECTION_LOG.logf(Logger.Level.DEBUG, null, connection.id(), 0, "closing slow consumer %s (%d bytes pending)",
                    connection.id(), pending.totalPendingWriteBytes());
            close(CloseCode.SLOW_CONSUMER);
            return;
        }
        // The bytes are a finished WebSocket frame: they pass the frame encoder untouched.
        ctx.write(lane.wire(frame, ctx.alloc()).retainedDuplicate(), ctx.voidPromise());
        lane.needsFlush(this);
    }

    @Override
    public boolean backedUp() {
        return !ctx.channel().isWritable();
    }

    void flush() {
        ctx.flush();
    }

    void ping() {
        connection.sendPing(PING).subscribe().with(ok -> {
        }, failure -> LOG.debugf("ping to %s failed: %s", connection.id(), failure.getMessage()));
    }

    @Override
    public void close(CloseCode code) {
        close(code, code.reason());
    }

    @Override
    public void close(CloseCode code, String reason) {
        if (closing) {
            return;
        }
        code.count();
        closing = true;
        if (lane.inLane()) {
            // Send what is queued before the close frame.
            ctx.flush();
        }
        connection.close(new CloseReason(code.code(), reason)).subscribe().with(ok -> {
        }, failure -> ctx.close());
    }

    @Override
    public String toString() {
        return "WsSession[" + connection.id() + "]";
    }
}
