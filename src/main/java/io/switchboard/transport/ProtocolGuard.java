package io.switchboard.transport;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.CloseCode;

/**
 * Fails a WebSocket connection the way RFC 6455 §7.1.7 asks, in the channel pipeline between
 * Netty's frame decoder (and its UTF-8 validator) and Vert.x.
 *
 * <p>Vert.x builds the frame decoder with {@code closeOnProtocolViolation(false)} and without
 * Netty's UTF-8 validator, and answers any decoding failure by closing TCP without a close frame.
 * This handler takes the decoder's and the validator's verdicts (1002 protocol error, 1007
 * invalid UTF-8, 1009 frame too big) before Vert.x sees them, adds the checks neither makes (the
 * size of a message assembled from fragments, close codes outside the ranges a client may send),
 * and then:
 * <ol>
 * <li>drops every inbound frame from then on, so nothing more reaches the endpoint;</li>
 * <li>writes the close frame behind what is already queued, flushes it and half-closes the
 * socket (FIN), so the peer reads the close frame and then the end of the stream;</li>
 * <li>keeps reading and discarding what the peer still sends for up to {@link #DRAIN_MILLIS}:
 * closing a socket with unread bytes makes the kernel send a reset, which can destroy the close
 * frame before the peer reads it. The channel closes when the peer closes its side or the drain
 * time is up.</li>
 * </ol>
 * It also enforces "nothing after a close frame" for every close, Vert.x's own included:
 * {@link #closeSent()} turns true as soon as any close frame passes, and frames written through
 * the pipeline after it are dropped (pre-encoded frames written below this handler check the flag).
 *
 * <p>It also holds back an empty first fragment until the message has bytes, which Vert.x needs to
 * assemble it (see {@link #startOnceNotEmpty}).
 *
 * <p>A client's violation is one INFO line; it is never passed on as an exception (which Vert.x
 * and websockets-next would log as a failure with a stack trace).
 */
final class ProtocolGuard extends ChannelDuplexHandler {
    static final String NAME = "switchboard-protocol-guard";
    /** How long a failed connection drains the peer's bytes before the channel closes regardless. */
    static final long DRAIN_MILLIS = 2000;

    private static final Logger LOG = Logger.getLogger(ProtocolGuard.class);

    private final int maxMessageSize;
    /** Bytes of the data message being received, across its fragments. Event loop only. */
    private long messageSize;
    /** True once the connection is being failed: inbound frames are dropped. Event loop only. */
    private boolean failing;
    private volatile boolean closeSent;
    private volatile String connectionId;
    private ScheduledFuture<?> drainTimer;
    /** An empty first fragment not yet passed on. Event loop only. */
    private WebSocketFrame heldStart;

    ProtocolGuard(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Names the connection in log lines once websockets-next has given it an id. */
    void opened(String id) {
        this.connectionId = id;
    }

    /** True once a close frame has been written: no frame may follow it. */
    boolean closeSent() {
        return closeSent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof WebSocketFrame frame) {
            if (!accepts(ctx, frame)) {
                frame.release();
                return;
            }
            msg = startOnceNotEmpty(frame);
            if (msg == null) {
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Vert.x sends a continuation frame to the message being assembled only when that message
     * already has bytes, so a message whose first fragment is empty is lost. An empty first
     * fragment is therefore held back, and the first continuation with bytes (or the last one)
     * goes on as the message's start. Returns the frame to pass on, or null.
     */
    private WebSocketFrame startOnceNotEmpty(WebSocketFrame frame) {
        boolean start = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
        if (start && !frame.isFinalFragment() && !frame.content().isReadable()) {
            heldStart = frame;
            return null;
        }
        if (!(frame instanceof ContinuationWebSocketFrame) || heldStart == null) {
            return frame;
        }
        if (!frame.isFinalFragment() && !frame.content().isReadable()) {
            frame.release();
            return null;
        }
        WebSocketFrame first = heldStart instanceof TextWebSocketFrame
                ? new TextWebSocketFrame(frame.isFinalFragment(), frame.rsv(), frame.content())
                : new BinaryWebSocketFrame(frame.isFinalFragment(), frame.rsv(), frame.content());
        heldStart.release();
        heldStart = null;
        return first;
    }

    /** Fails the connection for what the decoder does not check; false if it did. */
    private boolean accepts(ChannelHandlerContext ctx, WebSocketFrame frame) {
        ByteBuf content = frame.content();
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            messageSize = content.readableBytes();
        } else if (frame instanceof ContinuationWebSocketFrame) {
            messageSize += content.readableBytes();
        } else if (frame instanceof CloseWebSocketFrame && content.readableBytes() >= 2) {
            // The decoder has already refused a 1-byte body, codes below 1000, 1004-1006, 1015-2999
            // and a reason that is not UTF-8; it lets 5000-65535 through.
            int code = content.getUnsignedShort(content.readerIndex());
            if (!CloseCode.isValidFromClient(code)) {
                fail(ctx, CloseCode.PROTOCOL_ERROR.code(), "invalid close code " + code);
                return false;
            }
            return true;
        } else {
            return true;
        }
        if (messageSize > maxMessageSize) {
            fail(ctx, CloseCode.TOO_BIG.code(), "message larger than " + maxMessageSize + " bytes");
            return false;
        }
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            fail(ctx, corrupted.closeStatus().code(), corrupted.getMessage());
        } else if (failing) {
            // The peer is being dropped anyway (a reset while draining, say).
            LOG.debugf("%s while closing %s", cause, id(ctx));
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // Only frames are held back: Vert.x also writes empty buffers to flush.
        if (closeSent && msg instanceof WebSocketFrame) {
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.tryFailure(new ClosedChannelException());
            }
            return;
        }
        if (msg instanceof CloseWebSocketFrame) {
            closeSent = true;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (drainTimer != null) {
            drainTimer.cancel(false);
        }
        if (heldStart != null) {
            heldStart.release();
            heldStart = null;
        }
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, int code, String reason) {
        if (failing) {
            return;
        }
        failing = true;
        LOG.infof("closing %s with %d: %s", id(ctx), code, reason);
        // Vert.x may pause reading when its inbound queue is full; draining needs reads.
        ctx.channel().config().setAutoRead(true);
        // Queued, so that replies to frames that came before the violation go out first.
        ctx.executor().execute(() -> sendClose(ctx, code, reason));
    }

    /** Closes go from here towards the socket: Vert.x, behind this handler, learns of it as the channel goes inactive. */
    private void sendClose(ChannelHandlerContext ctx, int code, String reason) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (closeSent) {
            // A close frame has gone out already (the server was closing): just end the connection.
            ctx.close();
            return;
        }
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(code, shorten(reason))).addListener((ChannelFuture written) -> {
            if (written.isSuccess() && written.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                drainTimer = ctx.executor().schedule(() -> {
                    ctx.close();
                }, DRAIN_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    private String id(ChannelHandlerContext ctx) {
        String id = connectionId;
        return id != null ? id : ctx.channel().id().asShortText();
    }

    /** {@code reason} cut to the bytes a close frame can carry (the texts here are ASCII). */
    private static String shorten(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] bytes = reason.getBytes(StandardCharsets.US_ASCII);
        return bytes.length <= CloseCode.MAX_REASON_BYTES ? reason
                : new String(bytes, 0, CloseCode.MAX_REASON_BYTES, StandardCharsets.US_ASCII);
    }
}
