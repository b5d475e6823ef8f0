package io.switchboard.bench.loader;

/**
 * Room frames of the hub protocol (docs/protocol.md) as the loader sends them, and the few fields it
 * reads back from replies. Replies are read by searching the text for a field, not by parsing JSON: the
 * loader only looks at frames whose payloads it wrote itself.
 */
final class HubText {

    private HubText() {
    }

    /** {@code join}; {@code events=false} asks for no room:joined / room:left; {@code epoch} non-null adds since. */
    static String join(String room, boolean events, long id, String epoch, long offset) {
        StringBuilder sb = new StringBuilder(96).append("{\"type\":\"join\",\"room\":\"").append(room).append('"');
        if (!events) {
            sb.append(",\"events\":false");
        }
        if (epoch != null) {
            sb.append(",\"since\":{\"offset\":").append(offset).append(",\"epoch\":\"").append(epoch).append("\"}");
        }
        return sb.append(",\"id\":").append(id).append('}').toString();
    }

    static String leave(String room, long id) {
        return "{\"type\":\"leave\",\"room\":\"" + room + "\",\"id\":" + id + "}";
    }

    /** A publish carrying {@code payload} as a JSON string (no quotes or escapes inside). */
    static String publish(String room, String payload) {
        return "{\"type\":\"publish\",\"room\":\"" + room + "\",\"payload\":\"" + payload + "\"}";
    }

    static String hello(long id) {
        return "{\"type\":\"hello\",\"id\":" + id + "}";
    }

    /** True when the frame's {@code type} is {@code type}. */
    static boolean is(String frame, String type) {
        return frame.startsWith("{\"type\":\"" + type + "\"") || frame.contains("\"type\":\"" + type + "\"");
    }

    /** The string value of the first {@code "key":"…"} in the text, or null. */
    static String string(String text, String key) {
        String k = "\"" + key + "\":\"";
        int i = text.indexOf(k);
        if (i < 0) {
            return null;
        }
        int from = i + k.length();
        int end = text.indexOf('"', from);
        return end < 0 ? null : text.substring(from, end);
    }

    /** The integer value of the first {@code "key":N} in the text, or -1. */
    static long number(String text, String key) {
        String k = "\"" + key + "\":";
        int i = text.indexOf(k);
        if (i < 0) {
            return -1;
        }
        int at = i + k.length();
        long v = 0;
        boolean any = false;
        for (; at < text.length() && Character.isDigit(text.charAt(at)); at++) {
            v = v * 10 + (text.charAt(at) - '0');
            any = true;
        }
        return any ? v : -1;
    }

    /** The boolean value of {@code "key":true|false} in the text, or null when absent. */
    static Boolean bool(String text, String key) {
        if (text.contains("\"" + key + "\":true")) {
            return true;
        }
        return text.contains("\"" + key + "\":false") ? false : null;
    }
}
