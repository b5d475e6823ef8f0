package io.switchboard.bench.loader;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.List;

/**
 * The loader's WebSocket frame decoder. A whole (unfragmented) text frame from the server goes to its
 * {@link Conn} as a slice of the bytes read: no copy, no frame object, no trip through the pipeline.
 * Every other frame becomes a Netty frame as Netty's own decoder makes it (close and ping for the
 * protocol handler). The loader shares the machine with the server it measures: what it spends per
 * frame is taken from that server.
 */
final class FrameReader extends ByteToMessageDecoder implements WebSocketFrameDecoder {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private final Conn conn;
    private final int maxPayload;

    FrameReader(Conn conn, int maxPayload) {
        this.conn = conn;
        this.maxPayload = maxPayload;
    }

    /** A client handshaker that installs a {@link FrameReader} once the upgrade is done. */
    static WebSocketClientHandshaker13 handshaker(Conn conn, URI uri, String subprotocol, int maxPayload) {
        return new WebSocketClientHandshaker13(uri, WebSocketVersion.V13, subprotocol, false, HttpHeaders.EMPTY_HEADERS,
                maxPayload, true, false, 10_000) {
            @Override
            protected WebSocketFrameDecoder newWebsocketDecoder() {
                return new FrameReader(conn, maxPayload);
            }
        };
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // A frame handed on in `out` reaches the next handler before anything after it is read.
        while (out.isEmpty() && in.isReadable(2)) {
            int b0 = in.getUnsignedByte(in.readerIndex());
            if ((in.getUnsignedByte(in.readerIndex() + 1) & 0x80) != 0) {
                throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, "a masked frame from the server");
            }
            int header = headerLength(in);
            if (header == 0) {
                return;
            }
            long length = payloadLength(in, header);
            if (length < 0 || length > maxPayload) {
                throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG, "a frame of " + length + " bytes");
            }
            if (!in.isReadable(header + (int) length)) {
                return;
            }
            int opcode = b0 & 0x0f;
            boolean fin = (b0 & 0x80) != 0;
            in.skipBytes(header);
            if (opcode == TEXT && fin) {
                ByteBuf text = in.slice(in.readerIndex(), (int) length);
                in.skipBytes((int) length);
                conn.onText(ctx.channel(), text);
            } else {
                out.add(frame(opcode, fin, (b0 >> 4) & 0x7, in.readRetainedSlice((int) length)));
            }
        }
    }

    /**
     * The header length (2, 4 or 10 bytes, RFC 6455 §5.2) of the unmasked frame at {@code in}'s reader
     * index, or 0 while the bytes that tell it are not all read.
     */
    static int headerLength(ByteBuf in) {
        if (!in.isReadable(2)) {
            return 0;
        }
        int length7 = in.getUnsignedByte(in.readerIndex() + 1) & 0x7f;
        int header = length7 == 126 ? 4 : length7 == 127 ? 10 : 2;
        return in.isReadable(header) ? header : 0;
    }

    /** The payload length of the frame at {@code in}'s reader index, whose header is {@code header} bytes long. */
    static long payloadLength(ByteBuf in, int header) {
        int at = in.readerIndex();
        return switch (header) {
            case 2 -> in.getUnsignedByte(at + 1) & 0x7f;
            case 4 -> in.getUnsignedShort(at + 2);
            default -> in.getLong(at + 2);
        };
    }

    private static WebSocketFrame frame(int opcode, boolean fin, int rsv, ByteBuf data) {
        switch (opcode) {
            case TEXT:
                return new TextWebSocketFrame(fin, rsv, data);
            case BINARY:
                return new BinaryWebSocketFrame(fin, rsv, data);
            case 0:
                return new ContinuationWebSocketFrame(fin, rsv, data);
            case CLOSE:
                return new CloseWebSocketFrame(fin, rsv, data);
            case PING:
                return new PingWebSocketFrame(fin, rsv, data);
            case PONG:
                return new PongWebSocketFrame(fin, rsv, data);
            default:
                data.release();
                throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, "opcode " + opcode);
        }
    }
}
