package io.switchboard.bench.loader;

import io.netty.buffer.ByteBuf;

/**
 * Payload markers the loader embeds and finds again in raw frame bytes: {@code ~K~a~b~padding}, where
 * K is one letter and a, b are decimal numbers. Finding it costs one byte scan; no JSON is parsed.
 */
final class Marker {

    private Marker() {
    }

    /** Index just after {@code ~K~} in the readable bytes, or -1. */
    static int find(ByteBuf buf, byte kind) {
        int from = buf.readerIndex();
        int end = buf.writerIndex();
        while (from < end) {
            int i = buf.indexOf(from, end, (byte) '~');
            if (i < 0 || i + 2 >= end) {
                return -1;
            }
            if (buf.getByte(i + 1) == kind && buf.getByte(i + 2) == '~') {
                return i + 3;
            }
            from = i + 1;
        }
        return -1;
    }

    /** Parses the decimal number starting at {@code index}; writes the index after its '~' to {@code next[0]}. */
    static long number(ByteBuf buf, int index, int[] next) {
        long v = 0;
        int end = buf.writerIndex();
        int i = index;
        for (; i < end; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            v = v * 10 + (b - '0');
        }
        next[0] = i + 1;
        return v;
    }

    /** Builds {@code ~K~a~b~} padded with 'x' so that the text is {@code length} characters (at least the marker). */
    static String make(char kind, long a, long b, int length) {
        StringBuilder sb = new StringBuilder(Math.max(length, 48));
        sb.append('~').append(kind).append('~').append(a).append('~').append(b).append('~');
        while (sb.length() < length) {
            sb.append('x');
        }
        return sb.toString();
    }

    /** True when the readable bytes contain {@code needle} (ASCII). */
    static boolean contains(ByteBuf buf, byte[] needle) {
        int end = buf.writerIndex() - needle.length;
        outer:
        for (int i = buf.readerIndex(); i <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
