package io.switchboard.bench.loader;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A lean WebSocket client connection, for scenarios that open and close connections by the hundred per
 * second ({@code churn}): what the loader spends on a connection is CPU the server under test does not get,
 * so this one costs as little as the protocol allows while still checking it. The upgrade request is
 * prebuilt bytes with one fixed key, and the response must be {@code 101} carrying exactly that key's
 * {@code Sec-WebSocket-Accept}; server frames are parsed in place (unmasked, as RFC 6455 requires, text
 * reassembled from fragments, pings answered); client frames are masked and built once per run. The
 * channel is set up by hand on the caller's event loop, without a bootstrap, a resolver or a pipeline of
 * codecs. Plain WebSocket only: Socket.IO targets go through {@link Conn}.
 *
 * <p>Callbacks run on the connection's event loop. {@link Handler#ended} comes exactly once per connection,
 * whatever happened (refused connect, bad handshake, timeout, close).
 */
final class LeanConn extends ByteToMessageDecoder {

    /** Callbacks, invoked on the connection's event loop. */
    interface Handler {
        /** The upgrade was accepted. */
        default void opened(LeanConn conn) {
        }

        /** A complete text message; {@code text} is valid during the call only. */
        default void text(LeanConn conn, ByteBuf text) {
        }

        /** The connection is gone; {@link #closedCleanly()} says whether both close frames were exchanged. */
        void ended(LeanConn conn);
    }

    /** Where to connect: the address and the prebuilt upgrade request of one WebSocket URI. */
    static final class Endpoint {
        final InetSocketAddress remote;
        final ByteBuf request;

        Endpoint(URI uri) {
            if (!uri.getHost().startsWith("127.") && !uri.getHost().equals("localhost")) {
                throw new IllegalArgumentException("the loader only talks to loopback addresses: " + uri);
            }
            this.remote = new InetSocketAddress(uri.getHost(), uri.getPort());
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path += "?" + uri.getRawQuery();
            }
            String text = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            this.request = shared(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Any 16 bytes, base64: the server proves it read the upgrade by answering with {@link #ACCEPT}. */
    private static final String KEY = "bGVhbi1jaHVybi1rZXkhIQ==";
    private static final byte[] ACCEPT = accept(KEY);
    private static final byte[] STATUS_101 = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 8192;
    /**
     * Prebuilt bytes live as long as their endpoint, are never released and are freed by the garbage
     * collector (so no leak detection and a cleaner).
     */
    private static final ByteBufAllocator PREBUILT = new UnpooledByteBufAllocator(true, true, false);
    private static final ByteBuf CLOSE = Unpooled.unreleasableBuffer(frame(0x8, new byte[] {0x03, (byte) 0xE8})); // 1000

    private final Handler handler;
    private final Endpoint endpoint;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private boolean upgraded;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean timedOut;
    private boolean ended;
    /** Text of a fragmented message so far; null between messages. */
    private ByteBuf fragments;
    /** Why the connection failed, for the row's failure counts; null while nothing went wrong. */
    String failure;

    // Scenario scratch state; only touched on this connection's event loop.
    boolean welcomed;

    private LeanConn(Endpoint endpoint, Handler handler) {
        this.endpoint = endpoint;
        this.handler = handler;
    }

    /**
     * Opens a connection on {@code loop} from {@code local} (a 127.0.0.x address, or null), giving up after
     * {@code timeoutMs} in all (connect, upgrade and whatever the handler does until it closes); 0 for a
     * connection that stays open (its connect still times out after 10 s).
     */
    static LeanConn open(EventLoop loop, Endpoint endpoint, InetSocketAddress local, long timeoutMs, Handler handler) {
        LeanConn conn = new LeanConn(endpoint, handler);
        SocketChannel ch = Net.channelFor(loop);
        ch.config().setTcpNoDelay(true);
        ch.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) (timeoutMs > 0 ? Math.min(timeoutMs, 10_000) : 10_000));
        ch.pipeline().addLast(conn);
        loop.register(ch).addListener(registered -> {
            if (!registered.isSuccess()) {
                conn.fail("register: " + registered.cause());
                ch.unsafe().closeForcibly();
                conn.end();
                return;
            }
            if (timeoutMs > 0) {
                conn.deadline = loop.schedule(() -> {
                    conn.timedOut = true;
                    conn.fail("timed out");
                    ch.close();
                }, timeoutMs, TimeUnit.MILLISECONDS);
            }
            ch.connect(endpoint.remote, local).addListener(connected -> {
                if (!connected.isSuccess()) {
                    conn.fail("connect: " + connected.cause().getMessage());
                    ch.close();
                }
            });
        });
        return conn;
    }

    /** Sends a frame built with {@link #frame} (shared: the caller keeps it). */
    void send(ByteBuf frame) {
        ctx.writeAndFlush(frame.duplicate(), ctx.voidPromise());
    }

    /** Starts the closing handshake; the connection closes when the server's close frame arrives. */
    void close() {
        if (!closeSent && ctx != null && ctx.channel().isActive()) {
            closeSent = true;
            ctx.writeAndFlush(CLOSE.duplicate(), ctx.voidPromise());
        }
    }

    /** Closes the socket without a closing handshake. */
    void closeNow() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /** True when the upgrade succeeded and close frames went both ways. */
    boolean closedCleanly() {
        return upgraded && closeSent && closeReceived && !timedOut;
    }

    boolean upgraded() {
        return upgraded;
    }

    EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(endpoint.request.duplicate(), ctx.voidPromise());
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!upgraded && !upgrade(in)) {
            return;
        }
        while (in.isReadable(2) && ctx.channel().isOpen()) {
            int at = in.readerIndex();
            int b0 = in.getUnsignedByte(at);
            int b1 = in.getUnsignedByte(at + 1);
            if ((b1 & 0x80) != 0 || (b0 & 0x70) != 0) {
                protocolError("masked or RSV-flagged frame from the server");
                return;
            }
            int header = FrameReader.headerLength(in);
            if (header == 0) {
                return;
            }
            long length = FrameReader.payloadLength(in, header);
            if (length < 0 || length > Integer.MAX_VALUE - header) {
                protocolError("frame too long");
                return;
            }
            if (!in.isReadable(header + (int) length)) {
                return;
            }
            ByteBuf payload = in.slice(at + header, (int) length);
            in.skipBytes(header + (int) length);
            frame(ctx, (b0 & 0x80) != 0, b0 & 0x0F, payload);
        }
    }

    /** Reads the upgrade response once it is complete; true when it was {@code 101} with the expected accept. */
    private boolean upgrade(ByteBuf in) {
        int end = headerEnd(in);
        if (end < 0) {
            if (in.readableBytes() > MAX_HEADER) {
                protocolError("upgrade response too long");
            }
            return false;
        }
        ByteBuf head = in.slice(in.readerIndex(), end - in.readerIndex());
        in.readerIndex(end + 4);
        if (!startsWith(head, STATUS_101) || !Marker.contains(head, ACCEPT)) {
            protocolError("upgrade refused: " + head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse(""));
            return false;
        }
        upgraded = true;
        handler.opened(this);
        return true;
    }

    private void frame(ChannelHandlerContext ctx, boolean fin, int opcode, ByteBuf payload) {
        switch (opcode) {
            case 0x1 -> {
                if (fin) {
                    handler.text(this, payload);
                } else {
                    fragments = ctx.alloc().heapBuffer().writeBytes(payload);
                }
            }
            case 0x0 -> {
                if (fragments == null) {
                    protocolError("continuation without a message");
                    return;
                }
                fragments.writeBytes(payload);
                if (fin) {
                    ByteBuf whole = fragments;
                    fragments = null;
                    try {
                        handler.text(this, whole);
                    } finally {
                        whole.release();
                    }
                }
            }
            case 0x8 -> {
                closeReceived = true;
                if (closeSent) {
                    ctx.close();
                } else {
                    closeSent = true;
                    ctx.writeAndFlush(CLOSE.duplicate()).addListener(ChannelFutureListener.CLOSE);
                }
            }
            case 0x9 -> ctx.writeAndFlush(pong(ctx, payload), ctx.voidPromise());
            default -> {
                // pong and binary frames: nothing to do for the scenarios that use this client
            }
        }
    }

    private void protocolError(String why) {
        fail(why);
        ctx.close();
    }

    private void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) throws Exception {
        end();
        super.channelUnregistered(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause.toString());
        ctx.close();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (!closedCleanly()) {
            fail(upgraded ? "closed without a closing handshake" : "closed before the upgrade");
        }
        handler.ended(this);
    }

    /** Index of the {@code \r\n\r\n} that ends the response head, or -1. */
    private static int headerEnd(ByteBuf in) {
        int end = in.writerIndex() - 3;
        for (int i = in.readerIndex(); i < end; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(ByteBuf buf, byte[] prefix) {
        if (buf.readableBytes() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf.getByte(buf.readerIndex() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The answer to a ping: a masked pong with its payload (at most 125 bytes, as for every control frame). */
    private static ByteBuf pong(ChannelHandlerContext ctx, ByteBuf ping) {
        int n = Math.min(ping.readableBytes(), 125);
        ByteBuf pong = ctx.alloc().buffer(6 + n).writeByte(0x8A).writeByte(0x80 | n).writeInt(0);
        return pong.writeBytes(ping, ping.readerIndex(), n); // masking key 0: the payload goes as it is
    }

    /** A masked client text frame carrying {@code text}, built once and sent with {@link #send} as often as needed. */
    static ByteBuf text(String text) {
        return Unpooled.unreleasableBuffer(frame(0x1, text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A final client frame of {@code opcode}, masked as RFC 6455 requires (one fixed masking key: the
     * server unmasks whatever key it gets), built once.
     */
    private static ByteBuf frame(int opcode, byte[] payload) {
        byte[] mask = {0x5a, 0x13, (byte) 0xc7, 0x2e};
        ByteBuf buf = PREBUILT.directBuffer(payload.length + 14);
        buf.writeByte(0x80 | opcode);
        if (payload.length < 126) {
            buf.writeByte(0x80 | payload.length);
        } else if (payload.length < 65536) {
            buf.writeByte(0x80 | 126).writeShort(payload.length);
        } else {
            buf.writeByte(0x80 | 127).writeLong(payload.length);
        }
        buf.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            buf.writeByte(payload[i] ^ mask[i & 3]);
        }
        return buf;
    }

    private static ByteBuf shared(byte[] bytes) {
        return Unpooled.unreleasableBuffer(PREBUILT.directBuffer(bytes.length).writeBytes(bytes));
    }

    private static byte[] accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encode(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
