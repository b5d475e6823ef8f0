package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small growable UTF-8 buffer that writes JSON objects field by field. Raw JSON values (payloads,
 * ids) are copied as bytes; nothing is re-encoded.
 */
final class FrameWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;
    private boolean first = true;

    FrameWriter(int capacity) {
        buf = new byte[capacity];
        buf[len++] = '{';
    }

    /** Starts an object whose first field is {@code "type":type}. */
    static FrameWriter ofType(String type, int extra) {
        FrameWriter w = new FrameWriter(32 + type.length() + extra);
        w.string("type", type);
        return w;
    }

    FrameWriter string(String name, String value) {
        name(name);
        quoted(value);
        return this;
    }

    FrameWriter number(String name, long value) {
        name(name);
        ascii(Long.toString(value));
        return this;
    }

    /** A field whose value is raw JSON; skipped when {@code rawJson} is null. */
    FrameWriter raw(String name, String rawJson) {
        if (rawJson != null) {
            name(name);
            if (isAscii(rawJson)) {
                ascii(rawJson);
            } else {
                bytes(rawJson.getBytes(StandardCharsets.UTF_8));
            }
        }
        return this;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    FrameWriter raw(String name, byte[] rawJson) {
        name(name);
        bytes(rawJson);
        return this;
    }

    FrameWriter numbers(String name, long[] values) {
        name(name);
        put('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put(',');
            }
            ascii(Long.toString(values[i]));
        }
        put(']');
        return this;
    }

    /** Opens a nested object field; close it with {@link #end()}. */
    FrameWriter object(String name) {
        name(name);
        put('{');
        first = true;
        return this;
    }

    FrameWriter end() {
        put('}');
        first = false;
        return this;
    }

    FrameWriter bool(String name, boolean value) {
        name(name);
        ascii(value ? "true" : "false");
        return this;
    }

    Frame frame() {
        return Frame.text(bytes());
    }

    /** Closes the object and returns its bytes. */
    byte[] bytes() {
        put('}');
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    private void name(String name) {
        if (!first) {
            put(',');
        }
        first = false;
        quoted(name);
        put(':');
    }

    private void quoted(String s) {
        put('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                put('\\');
                put((byte) c);
            } else if (c < 0x20) {
                put('\\');
                put('u');
                put('0');
                put('0');
                put(HEX[c >> 4]);
                put(HEX[c & 0xf]);
            } else if (c < 0x80) {
                put((byte) c);
            } else {
                // Rare in frames the server writes (names and codes are ASCII): take the slow path.
                int end = i + 1;
                while (end < s.length() && s.charAt(end) >= 0x80) {
                    end++;
                }
                bytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        put('"');
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void put(char c) {
        put((byte) c);
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n + 16));
        }
    }
}
