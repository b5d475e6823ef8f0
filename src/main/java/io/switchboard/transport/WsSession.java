package io.switchboard.transport;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
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
    /** Tasks waiting for the channel to become writable. */
    private List<Runnable> whenWritable;

    WsSession(WebSocketConnection connection, ChannelHandlerContext ctx, NettyLane lane, long maxPendingBytes) {
        this.connection = connection;
        this.ctx = ctx;
        this.lane = lane;
        this.maxPendingBytes = maxPendingBytes;
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
            LOG.debugf("closing slow consumer %s (%d bytes pending)", connection.id(), pending.totalPendingWriteBytes());
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

    @Override
    public long pendingBytes() {
        ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
        return pending == null ? 0 : pending.totalPendingWriteBytes();
    }

    @Override
    public void whenWritable(Runnable task) {
        if (ctx.channel().isWritable()) {
            lane.execute(task);
            return;
        }
        if (whenWritable == null) {
            whenWritable = new ArrayList<>();
            // First inbound handler: sees every writability change before Vert.x's handler does.
            ctx.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelWritabilityChanged(ChannelHandlerContext c) throws Exception {
                    runWhenWritable();
                    super.channelWritabilityChanged(c);
                }
            });
        }
        whenWritable.add(task);
    }

    /** Runs the tasks waiting for the channel to drain, if it has. */
    private void runWhenWritable() {
        if (whenWritable != null && !whenWritable.isEmpty() && ctx.channel().isWritable()) {
            List<Runnable> tasks = new ArrayList<>(whenWritable);
            whenWritable.clear();
            tasks.forEach(Runnable::run);
        }
    }

    void flush() {
        ctx.flush();
        // A flush the socket took whole may have drained the buffer before anyone listened.
        runWhenWritable();
    }

    void ping() {
        connection.sendPing(PING).subscribe().with(ok -> {
        }, failure -> LOG.debugf("ping to %s failed: %s", connection.id(), failure.getMessage()));
    }

    @Override
    public void close(CloseCode code) {
        if (closing || connection.isClosed()) {
            return;
        }
        closing = true;
        if (lane.inLane()) {
            // Send what is queued before the close frame.
            ctx.flush();
        }
        connection.close(new CloseReason(code.code(), code.reason())).subscribe().with(ok -> {
        }, failure -> ctx.close());
    }

    @Override
    public String toString() {
        return "WsSession[" + connection.id() + "]";
    }
}
