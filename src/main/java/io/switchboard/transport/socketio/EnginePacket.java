package io.switchboard.transport.socketio;

/**
 * One decoded Engine.IO v4 packet: a type and an optional text payload, or, for a binary message,
 * its bytes.
 *
 * @param type the packet type
 * @param text the payload after the type character, or null when there is none (or the packet is
 *        binary)
 * @param binary the bytes of a binary message, otherwise null
 */
public record EnginePacket(Type type, String text, byte[] binary) {

    /** The packet types of the Engine.IO v4 protocol, each with its character on the wire. */
    public enum Type {
        OPEN('0'), CLOSE('1'), PING('2'), PONG('3'), MESSAGE('4'), UPGRADE('5'), NOOP('6');

        private final char code;

        Type(char code) {
            this.code = code;
        }

        public char code() {
            return code;
        }

        /** The type written as {@code c}, or null if there is none. */
        static Type of(char c) {
            return c >= '0' && c <= '6' ? values()[c - '0'] : null;
        }
    }

    public static EnginePacket of(Type type) {
        return new EnginePacket(type, null, null);
    }

    public static EnginePacket text(Type type, String text) {
        return new EnginePacket(type, text, null);
    }

    public static EnginePacket binary(byte[] bytes) {
        return new EnginePacket(Type.MESSAGE, null, bytes);
    }

    public boolean isBinary() {
        return binary != null;
    }
}
