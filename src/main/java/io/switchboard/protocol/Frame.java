package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;
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
    /** One derived encoding (for example another transport's packet), computed once per frame. */
    private volatile Derived derived;

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
     * This frame as {@code encoder} turns it into something else (another transport's packet),
     * computed on first use and shared by every later caller with the same encoder. One encoding
     * is kept; a second encoder replaces it (frames normally go out in one other form at most).
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Function<Frame, T> encoder) {
        Derived d = derived;
        if (d != null && d.encoder == encoder) {
            return (T) d.value;
        }
        T fresh = encoder.apply(this);
        derived = new Derived(encoder, fresh);
        return fresh;
    }

    private record Derived(Object encoder, Object value) {
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
