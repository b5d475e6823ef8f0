package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.protocol.Frame;

/**
 * Encodes a {@link Frame} as a complete server-to-client WebSocket frame (RFC 6455 §5.2): FIN set,
 * no extension bits, never masked. Writing these bytes to a channel skips Netty's frame encoder,
 * so one encoding serves every recipient.
 */
final class WireFrames {
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;

    private WireFrames() {
    }

    static ByteBuf encode(Frame frame, ByteBufAllocator alloc) {
        byte[] data = frame.data();
        int length = data.length;
        int header = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
        ByteBuf buf = alloc.directBuffer(header + length);
        buf.writeByte(FIN | (frame.isBinary() ? OPCODE_BINARY : OPCODE_TEXT));
        if (length < 126) {
            buf.writeByte(length);
        } else if (length <= 0xffff) {
            buf.writeByte(126);
            buf.writeShort(length);
        } else {
            buf.writeByte(127);
            buf.writeLong(length);
        }
        buf.writeBytes(data);
        return buf;
    }
}
