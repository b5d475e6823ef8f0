package io.switchboard.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
 *
 * <p>The endpoints run their callbacks concurrently (websockets-next's serial mode keeps a queue
 * of about 1 KB per connection for it), so the one ordering they need is kept here: inbound work
 * that arrives while the open callback is still running (an asynchronous id from the backplane)
 * waits for it in {@link #afterOpen}.
 */
final class WsSession implements Session, LoopLane.Writer {
    private static final Logger LOG = Logger.getLogger(WsSession.class);
    private static final ConnectionLog CONNECTION_LOG = ConnectionLog.of(WsSession.class);
    private static final Buffer PING = Buffer.buffer(new byte[0]);
    /** Inbound callbacks that may wait for the open callback; more close the connection. */
    static final int MAX_HELD = 1024;

    private final WebSocketConnection connection;
    private final ChannelHandlerContext ctx;
    private final ProtocolGuard guard;
    private final NettyLane lane;
    private final long maxPendingBytes;
    private volatile boolean closing;

    /** Confined to the lane's thread. */
    private boolean flushPending;
    long lastRead = System.nanoTime();
    long pingSentAt;
    /** The pending keep-alive check; null once closed. */
    ScheduledFuture<?> keepAliveCheck;
    /** False until the open callback has finished. */
    private boolean open;
    /** Inbound callbacks that came before the open callback finished; null when none. */
    private ArrayDeque<Runnable> held;
    /** Tasks waiting for the channel to become writable. */
    private List<Runnable> whenWritable;

    WsSession(WebSocketConnection connection, ChannelHandlerContext ctx, ProtocolGuard guard, NettyLane lane,
            long maxPendingBytes) {
        this.connection = connection;
        this.ctx = ctx;
        this.guard = guard;
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

    /**
     * Runs {@code frame}'s callback now if the open callback has finished, else right after it,
     * in arrival order. Past {@link #MAX_HELD} waiting frames the connection is closed and later
     * frames are dropped. Called on the lane.
     */
    void inbound(Runnable frame) {
        if (open) {
            frame.run();
        } else if (held().size() < MAX_HELD) {
            held.add(frame);
        } else if (!closing) {
            LOG.debugf("closing %s: %d frames came before it was registered", connection.id(), MAX_HELD);
            close(CloseCode.UNAVAILABLE);
        }
    }

    /** Runs the close callback now, or after the open callback if that is still running. Called on the lane. */
    void afterOpen(Runnable close) {
        if (open) {
            close.run();
        } else {
            held().add(close);
        }
    }

    private ArrayDeque<Runnable> held() {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        return held;
    }

    /**
     * Ends the open callback: runs the inbound work that waited for it and lets the connection
     * drop what it kept of its handshake. Any thread.
     */
    void opened() {
        if (!lane.inLane()) {
            lane.execute(this::opened);
            return;
        }
        if (open) {
            return;
        }
        open = true;
        Handshakes.release(connection);
        ArrayDeque<Runnable> waiting = held;
        held = null;
        if (waiting != null) {
            for (Runnable work : waiting) {
                work.run();
            }
        }
    }

    /** Records inbound traffic for keep-alive; called on the lane. */
    void touched() {
        lastRead = System.nanoTime();
    }

    @Override
    public void write(Frame frame) {
        // No frame may follow a close frame, whoever sent it (this session, Vert.x or the guard).
        if (closing || guard.closeSent() || !ctx.channel().isActive()) {
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
        ctx.write(lane.wire(frame, ctx.alloc(), WireFrames::encode).retainedDuplicate(), ctx.voidPromise());
        if (!flushPending) {
            flushPending = true;
            lane.flushLater(this);
        }
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

    @Override
    public void flush() {
        flushPending = false;
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
        close(code, code.reason());
    }

    @Override
    public void close(CloseCode code, String reason) {
        if (closing || guard.closeSent() || connection.isClosed()) {
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
