package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One outgoing WebSocket message, encoded once. The same instance is written to every recipient;
 * nothing may change {@link #data()} after construction.
 */
public final class Frame {
    private final byte[] data;
    private final boolean binary;

    private Frame(byte[] data, boolean binary) {
        this.data = data;
        this.binary = binary;
    }

    /** A text frame over UTF-8 bytes the caller hands over (and no longer touches). */
    public static Frame text(byte[] utf8) {
        return new Frame(utf8, false);
    }

    public static Frame text(String text) {
        return new Frame(text.getBytes(StandardCharsets.UTF_8), false);
    }

    public static Frame binary(byte[] bytes) {
        return new Frame(bytes, true);
    }

    /** The payload bytes; shared, never to be modified. */
    public byte[] data() {
        return data;
    }

    public boolean isBinary() {
        return binary;
    }

    public int length() {
        return data.length;
    }

    /** The text, decoded (for tests and logs; the hot path never decodes). */
    public String asText() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return binary ? "Frame[binary " + data.length + " bytes]" : "Frame[" + asText() + "]";
    }
}
