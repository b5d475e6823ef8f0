package io.switchboard.transport.socketio;

import java.nio.charset.StandardCharsets;

/**
 * One Engine.IO packet ready for the wire: the UTF-8 text of a packet (its type character first),
 * or the bytes of a binary message. Immutable by contract: a fan-out shares one instance between
 * every recipient, so nothing may change {@link #bytes()}.
 *
 * @param bytes the text as UTF-8, or the binary message
 * @param binary whether this is a binary message
 */
public record EncodedPacket(byte[] bytes, boolean binary) {

    public static EncodedPacket text(String text) {
        return new EncodedPacket(text.getBytes(StandardCharsets.UTF_8), false);
    }

    public static EncodedPacket binary(byte[] bytes) {
        return new EncodedPacket(bytes, true);
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return binary ? "EncodedPacket[binary " + bytes.length + " bytes]"
                : "EncodedPacket[" + new String(bytes, StandardCharsets.UTF_8) + "]";
    }
}
