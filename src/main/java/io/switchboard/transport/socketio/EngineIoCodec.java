package io.switchboard.transport.socketio;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The Engine.IO v4 packet encoding. Over WebSocket each packet is one message: text is the type
 * character and the data, a binary message is a message packet as is. Over HTTP long-polling,
 * packets are joined by the record separator {@code \x1e} and a binary message is written as
 * {@code b} and its base64. No state; no I/O.
 */
public final class EngineIoCodec {
    /** The record separator between the packets of a long-polling payload. */
    public static final char SEPARATOR = '\u001e';
    private static final char BINARY_PREFIX = 'b';

    private EngineIoCodec() {
    }

    /**
     * Decodes one text packet (a WebSocket text message, or one record of a polling payload).
     *
     * @throws MalformedPacketException for an empty packet, an unknown type or bad base64
     */
    public static EnginePacket decode(String text) throws MalformedPacketException {
        if (text.isEmpty()) {
            throw new MalformedPacketException("empty Engine.IO packet");
        }
        char first = text.charAt(0);
        if (first == BINARY_PREFIX) {
            try {
                return EnginePacket.binary(Base64.getDecoder().decode(text.substring(1)));
            } catch (IllegalArgumentException e) {
                throw new MalformedPacketException("binary packet is not base64");
            }
        }
        EnginePacket.Type type = EnginePacket.Type.of(first);
        if (type == null) {
            throw new MalformedPacketException("unknown Engine.IO packet type '" + first + "'");
        }
        return EnginePacket.text(type, text.length() > 1 ? text.substring(1) : null);
    }

    /**
     * Decodes an HTTP long-polling payload: every packet, in order.
     *
     * @throws MalformedPacketException if any packet is malformed
     */
    public static List<EnginePacket> decodePayload(String payload) throws MalformedPacketException {
        List<EnginePacket> packets = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            packets.add(decode(payload.substring(start, end < 0 ? payload.length() : end)));
            if (end < 0) {
                return packets;
            }
            start = end + 1;
        }
    }

    /** The text form of a packet (WebSocket); a binary message is written {@code b}+base64. */
    public static String encode(EnginePacket packet) {
        if (packet.isBinary()) {
            return BINARY_PREFIX + Base64.getEncoder().encodeToString(packet.binary());
        }
        return packet.text() == null ? String.valueOf(packet.type().code()) : packet.type().code() + packet.text();
    }

    /** The packet as it leaves over WebSocket. */
    public static EncodedPacket encoded(EnginePacket packet) {
        return packet.isBinary() ? EncodedPacket.binary(packet.binary()) : EncodedPacket.text(encode(packet));
    }

    /** An HTTP long-polling payload of {@code packets}: UTF-8, separated, binaries in base64. */
    public static byte[] encodePayload(List<EncodedPacket> packets) {
        int size = Math.max(0, packets.size() - 1);
        for (EncodedPacket packet : packets) {
            size += packet.binary() ? 1 + (packet.length() + 2) / 3 * 4 : packet.length();
        }
        byte[] out = new byte[size];
        int at = 0;
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                out[at++] = (byte) SEPARATOR;
            }
            EncodedPacket packet = packets.get(i);
            if (packet.binary()) {
                out[at++] = (byte) BINARY_PREFIX;
                byte[] base64 = Base64.getEncoder().encode(packet.bytes());
                System.arraycopy(base64, 0, out, at, base64.length);
                at += base64.length;
            } else {
                // A packet in two parts is joined here, once per response.
                at = packet.copyTo(out, at);
            }
        }
        return out;
    }
}
