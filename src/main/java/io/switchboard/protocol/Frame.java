package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One outgoing WebSocket message, encoded once. The same instance is written to every recipient;
 * nothing may change {@link #data()} after construction.
 *
 * <p>Besides its bytes a frame carries what delivery needs to know without decoding it: the room
 * offset it was published at (for messages kept in history; recipients drop an offset they have
 * already seen) and whether it is volatile (dropped rather than queued for a backed-up reader).
 */
public final class Frame {
    private final byte[] data;
    private final boolean binary;
    private final boolean droppable;
    private final long offset;
    private final String epoch;
    /** Other encodings of this frame, as key/value pairs; see {@link #derived}. */
    private volatile Object[] derived;

    private Frame(byte[] data, boolean binary, boolean droppable, long offset, String epoch) {
        this.data = data;
        this.binary = binary;
        this.droppable = droppable;
        this.offset = offset;
        this.epoch = epoch;
    }

    /** A text frame over UTF-8 bytes the caller hands over (and no longer touches). */
    public static Frame text(byte[] utf8) {
        return new Frame(utf8, false, false, 0, null);
    }

    public static Frame text(String text) {
        return text(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Frame binary(byte[] bytes) {
        return new Frame(bytes, true, false, 0, null);
    }

    /** A text frame that may be dropped for a recipient whose send buffer is backed up. */
    public static Frame volatileText(byte[] utf8) {
        return new Frame(utf8, false, true, 0, null);
    }

    /** A text frame published at {@code offset} of a room's history in {@code epoch}. */
    public static Frame sequenced(byte[] utf8, long offset, String epoch) {
        if (offset <= 0 || epoch == null) {
            throw new IllegalArgumentException("a sequenced frame needs an offset > 0 and an epoch");
        }
        return new Frame(utf8, false, false, offset, epoch);
    }

    /** The payload bytes; shared, never to be modified. */
    public byte[] data() {
        return data;
    }

    public boolean isBinary() {
        return binary;
    }

    /** Whether the frame may be dropped for a backed-up recipient instead of being queued. */
    public boolean isVolatile() {
        return droppable;
    }

    /** The room offset of a message kept in history, else 0. */
    public long offset() {
        return offset;
    }

    /** The history epoch {@link #offset()} belongs to, or null. */
    public String epoch() {
        return epoch;
    }

    public int length() {
        return data.length;
    }

    /**
     * This frame as {@code derivation} encodes it for another wire protocol, computed on the first
     * call and shared by every later one: a fan-out to many sockets of that protocol translates
     * the frame once. {@code derivation} is the key, so pass the same instance (a constant) each
     * time; its result must be immutable. Safe from any thread.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Function<Frame, T> derivation) {
        Object[] known = derived;
        int at = indexOf(known, derivation);
        if (at >= 0) {
            return (T) known[at + 1];
        }
        synchronized (this) {
            known = derived;
            at = indexOf(known, derivation);
            if (at >= 0) {
                return (T) known[at + 1];
            }
            T value = derivation.apply(this);
            int length = known == null ? 0 : known.length;
            Object[] next = known == null ? new Object[2] : Arrays.copyOf(known, length + 2);
            next[length] = derivation;
            next[length + 1] = value;
            derived = next;
            return value;
        }
    }

    private static int indexOf(Object[] known, Object key) {
        if (known != null) {
            for (int i = 0; i < known.length; i += 2) {
                if (known[i] == key) {
                    return i;
                }
            }
        }
        return -1;
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
