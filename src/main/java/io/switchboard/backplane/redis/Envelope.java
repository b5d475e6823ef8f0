package io.switchboard.backplane.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.switchboard.backplane.Target;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Frames;

/**
 * What travels in one Redis message: a header of '\n'-separated ASCII fields, then the body bytes
 * as they are. Every envelope names its origin node and that node's sequence number on the shard,
 * so a node recognises its own publishes when they come back.
 *
 * <pre>
 * F{kind}{flags}\n origin\n seq\n room\n client\n except\n frame bytes     a frame for a target
 * M\n origin\n seq\n room\n offset\n epoch\n from\n payload               a kept room message
 * K\n origin\n seq\n client\n reason                                       a kick
 * </pre>
 * The tail of a kept message (from the offset on) is written by the publish script, which alone
 * knows the offset; each node then builds the message frame once for all its members.
 *
 * @param type 'F', 'M' or 'K'
 * @param frame the frame to deliver (null for a kick)
 * @param client the kicked client
 */
record Envelope(char type, String origin, long seq, Target target, Frame frame, long client, String reason) {
    private static final int NOTICES = 1;
    private static final int VOLATILE = 2;
    private static final int BINARY = 4;

    static byte[] frame(String origin, long seq, Target target, Frame frame) {
        int flags = (target.noticesOnly() ? NOTICES : 0) | (frame.isVolatile() ? VOLATILE : 0) | (frame.isBinary() ? BINARY : 0);
        String head = "F" + target.kind().name().charAt(0) + (char) ('0' + flags) + '\n' + origin + '\n' + seq + '\n'
                + (target.room() == null ? "" : target.room()) + '\n' + target.client() + '\n' + target.except() + '\n';
        return concat(head, frame.data());
    }

    /** The head of a kept message; the publish script appends offset, epoch, from and payload. */
    static String messageHead(String origin, long seq, String room) {
        return "M\n" + origin + '\n' + seq + '\n' + room + '\n';
    }

    static byte[] kick(String origin, long seq, long client, String reason) {
        return ("K\n" + origin + '\n' + seq + '\n' + client + '\n' + reason).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one envelope; throws {@link IllegalArgumentException} on anything malformed. */
    static Envelope parse(byte[] b) {
        Reader r = new Reader(b);
        char type = (char) b[0];
        switch (type) {
            case 'F' -> {
                Target.Kind kind = switch ((char) b[1]) {
                    case 'R' -> Target.Kind.ROOM;
                    case 'C' -> Target.Kind.CLIENT;
                    case 'A' -> Target.Kind.ALL;
                    default -> throw new IllegalArgumentException("unknown target kind");
                };
                int flags = b[2] - '0';
                r.skipLine();
                String origin = r.field();
                long seq = r.number();
                String room = r.field();
                long client = r.number();
                long except = r.number();
                Target target = new Target(kind, room.isEmpty() ? null : room, client, except, (flags & NOTICES) != 0);
                byte[] data = r.rest();
                Frame frame = (flags & BINARY) != 0 ? Frame.binary(data)
                        : (flags & VOLATILE) != 0 ? Frame.volatileText(data) : Frame.text(data);
                return new Envelope(type, origin, seq, target, frame, 0, null);
            }
            case 'M' -> {
                r.skipLine();
                String origin = r.field();
                long seq = r.number();
                String room = r.field();
                long offset = r.number();
                String epoch = r.field();
                String from = r.field();
                Frame frame = Frames.message(room, from, offset, epoch, r.rest());
                return new Envelope(type, origin, seq, Target.room(room), frame, 0, null);
            }
            case 'K' -> {
                r.skipLine();
                String origin = r.field();
                long seq = r.number();
                long client = r.number();
                String reason = new String(r.rest(), StandardCharsets.UTF_8);
                return new Envelope(type, origin, seq, null, null, client, reason);
            }
            default -> throw new IllegalArgumentException("unknown envelope type " + (int) type);
        }
    }

    private static byte[] concat(String head, byte[] body) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        void skipLine() {
            field();
        }

        String field() {
            int start = pos;
            while (pos < b.length && b[pos] != '\n') {
                pos++;
            }
            if (pos == b.length) {
                throw new IllegalArgumentException("truncated envelope");
            }
            return new String(b, start, pos++ - start, StandardCharsets.UTF_8);
        }

        long number() {
            return Long.parseLong(field());
        }

        byte[] rest() {
            return Arrays.copyOfRange(b, pos, b.length);
        }
    }
}
