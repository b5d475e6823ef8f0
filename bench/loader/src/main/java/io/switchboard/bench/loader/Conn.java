package io.switchboard.bench.loader;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One client socket. Text frames go to the {@link Listener} as raw bytes: nothing on the receive path
 * parses JSON. Engine.IO open/ping and the Socket.IO namespace handshake are handled here.
 */
final class Conn extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** Callbacks, invoked on the connection's event loop thread. */
    interface Listener {
        default void onText(Conn conn, ByteBuf text) {
        }

        default void onClosed(Conn conn) {
        }
    }

    final Target target;
    final CompletableFuture<Conn> ready = new CompletableFuture<>();
    final CompletableFuture<Conn> closed = new CompletableFuture<>();
    volatile Listener listener;
    volatile Channel channel;

    // Scenario scratch state; only touched from this connection's event loop (or while it is quiet).
    long lastSeq = -1;
    long count;
    int tag;
    /** The counts of the round in {@link #tag}, kept by this connection's thread. */
    Bench.Tally tally;

    Conn(Target target, Listener listener) {
        this.target = target;
        this.listener = listener;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            channel = ctx.channel();
            if (!target.socketIo()) {
                ready.complete(this);
            }
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            ready.completeExceptionally(new IllegalStateException("handshake timeout"));
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame) {
            onText(ctx.channel(), frame.content());
        }
    }

    /** A whole text frame (from {@link FrameReader}, or a frame that came through the pipeline). */
    void onText(Channel ch, ByteBuf content) {
        if (target.socketIo()) {
            int ri = content.readerIndex();
            byte type = content.getByte(ri);
            if (type == '2' && content.readableBytes() == 1) { // Engine.IO ping
                ch.writeAndFlush(new TextWebSocketFrame("3"));
                return;
            }
            if (type == '0') { // Engine.IO open: join the namespace
                ch.writeAndFlush(new TextWebSocketFrame("40" + target.nsPrefix()));
                return;
            }
            if (type == '4' && content.readableBytes() > 1 && content.getByte(ri + 1) == '0') {
                ready.complete(this);
                return;
            }
            if (type == '4' && content.readableBytes() > 1 && content.getByte(ri + 1) == '4') {
                ready.completeExceptionally(new IllegalStateException(content.toString(StandardCharsets.UTF_8)));
                return;
            }
        }
        listener.onText(this, content);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ready.completeExceptionally(new IllegalStateException("closed before ready"));
        closed.complete(this);
        listener.onClosed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        ctx.close();
    }

    boolean isOpen() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    void send(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    void write(String text) {
        channel.write(new TextWebSocketFrame(text));
    }

    void flush() {
        channel.flush();
    }

    /** Starts the closing handshake; {@link #closed} completes when the server has closed the socket. */
    void closeGracefully() {
        Channel c = channel;
        if (c == null) {
            return;
        }
        c.writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
        c.eventLoop().schedule(() -> {
            c.close();
        }, 3, java.util.concurrent.TimeUnit.SECONDS);
    }

    void closeNow() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }
}
