package io.switchboard.transport.socketio;

import java.nio.charset.StandardCharsets;

/**
 * One Engine.IO packet ready for the wire: the UTF-8 text of a packet (its type character first),
 * or the bytes of a binary message. Immutable by contract: a fan-out shares one instance (or its
 * bytes) between every recipient, so nothing may change them.
 *
 * <p>A text packet may end in bytes of one recipient's own: the first {@link #sharedLength()} bytes
 * of {@link #shared()}, an array other recipients' packets share, then {@link #tail()}. The
 * transports write the two parts where the packet goes, so no recipient's copy of the shared
 * bytes is made beforehand.
 */
public final class EncodedPacket {
    private static final byte[] NONE = new byte[0];

    private final byte[] shared;
    private final int sharedLength;
    private final byte[] tail;
    private final boolean binary;

    /**
     * @param bytes the text as UTF-8, or the binary message
     * @param binary whether this is a binary message
     */
    public EncodedPacket(byte[] bytes, boolean binary) {
        this(bytes, bytes.length, NONE, binary);
    }

    private EncodedPacket(byte[] shared, int sharedLength, byte[] tail, boolean binary) {
        this.shared = shared;
        this.sharedLength = sharedLength;
        this.tail = tail;
        this.binary = binary;
    }

    public static EncodedPacket text(String text) {
        return new EncodedPacket(text.getBytes(StandardCharsets.UTF_8), false);
    }

    public static EncodedPacket binary(byte[] bytes) {
        return new EncodedPacket(bytes, true);
    }

    /**
     * This text packet with its last {@code cut} bytes replaced by {@code tail}; the new packet
     * shares this one's bytes.
     */
    EncodedPacket replacingEnd(int cut, byte[] tail) {
        if (binary || this.tail.length > 0 || cut > sharedLength) {
            throw new IllegalArgumentException("only the end of a whole text packet can be replaced");
        }
        return new EncodedPacket(shared, sharedLength - cut, tail, false);
    }

    /** Whether this is a binary message. */
    public boolean binary() {
        return binary;
    }

    /** The packet's length in bytes. */
    public int length() {
        return sharedLength + tail.length;
    }

    /** The array whose first {@link #sharedLength()} bytes start the packet; shared, never to be changed. */
    byte[] shared() {
        return shared;
    }

    int sharedLength() {
        return sharedLength;
    }

    /** The bytes that end the packet after the shared ones (none for most packets). */
    byte[] tail() {
        return tail;
    }

    /** Whether the packet is one shared array, the same for every recipient. */
    boolean whole() {
        return tail.length == 0 && sharedLength == shared.length;
    }

    /** Copies the packet to {@code out} at {@code at}; returns the index after it. */
    int copyTo(byte[] out, int at) {
        System.arraycopy(shared, 0, out, at, sharedLength);
        System.arraycopy(tail, 0, out, at + sharedLength, tail.length);
        return at + length();
    }

    /** The packet's bytes: the shared array itself when the packet is {@link #whole()}, else a copy. */
    public byte[] bytes() {
        if (whole()) {
            return shared;
        }
        byte[] out = new byte[length()];
        copyTo(out, 0);
        return out;
    }

    @Override
    public String toString() {
        return binary ? "EncodedPacket[binary " + length() + " bytes]"
                : "EncodedPacket[" + new String(bytes(), StandardCharsets.UTF_8) + "]";
    }
}
