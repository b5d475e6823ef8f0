package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.switchboard.protocol.Frame;

/**
 * Server-to-client WebSocket frames as finished bytes (RFC 6455 §5.2): FIN set, no extension bits,
 * never masked. Written at {@link #writeContext}, these bytes skip Netty's frame encoder, so one
 * encoding serves every recipient. (With permessage-deflate negotiated they go out uncompressed,
 * which the extension allows: RSV1 is not set.)
 */
public final class WireFrames {
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;
    private static final byte[] NONE = new byte[0];

    private WireFrames() {
    }

    static ByteBuf encode(Frame frame, ByteBufAllocator alloc) {
        return encode(frame.data(), frame.data().length, NONE, frame.isBinary(), alloc);
    }

    /**
     * The frame of one message: the first {@code length} bytes of {@code data}, then {@code tail}
     * (text unless {@code binary}), in one direct buffer.
     */
    public static ByteBuf encode(byte[] data, int length, byte[] tail, boolean binary, ByteBufAllocator alloc) {
        int total = length + tail.length;
        int header = total < 126 ? 2 : total <= 0xffff ? 4 : 10;
        ByteBuf buf = alloc.directBuffer(header + total);
        buf.writeByte(FIN | (binary ? OPCODE_BINARY : OPCODE_TEXT));
        if (total < 126) {
            buf.writeByte(total);
        } else if (total <= 0xffff) {
            buf.writeByte(126);
            buf.writeShort(total);
        } else {
            buf.writeByte(127);
            buf.writeLong(total);
        }
        buf.writeBytes(data, 0, length);
        buf.writeBytes(tail);
        return buf;
    }

    /**
     * Where finished frames enter the pipeline of an upgraded connection ({@code vertx}: the Vert.x
     * handler's context): at the WebSocket frame encoder, so that they pass only what lies between
     * it and the socket (TLS, when configured). Above it sit Vert.x's idle-state handler, which
     * allocates a promise and a listener for every write, and the encoder, which the finished
     * bytes do not need. Such writes do not count as activity for {@code quarkus.http.idle-timeout}.
     */
    public static ChannelHandlerContext writeContext(ChannelHandlerContext vertx) {
        ChannelHandlerContext encoder = vertx.pipeline().context(WebSocketFrameEncoder.class);
        return encoder != null ? encoder : vertx;
    }
}
