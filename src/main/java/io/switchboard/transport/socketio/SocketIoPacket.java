package io.switchboard.transport.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Socket.IO v5 packet. {@code data} is the JSON payload as a tree; binary values (the
 * attachments of BINARY_EVENT and BINARY_ACK packets) are Jackson {@code BinaryNode}s at the places
 * their placeholders held. A decoded binary packet comes out as EVENT or ACK, as in the reference
 * parser; the encoder picks the binary type itself when the data holds binary values.
 *
 * @param type the packet type
 * @param namespace the namespace, {@code "/"} for the main one
 * @param id the acknowledgement id, or null
 * @param data the payload, or null when the packet has none
 */
public record SocketIoPacket(Type type, String namespace, Long id, JsonNode data) {
    /** The main namespace. */
    public static final String MAIN = "/";

    /** The packet types, in the order of their numbers on the wire. */
    public enum Type {
        CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

        boolean isBinary() {
            return this == BINARY_EVENT || this == BINARY_ACK;
        }
    }

    public static SocketIoPacket of(Type type, JsonNode data) {
        return new SocketIoPacket(type, MAIN, null, data);
    }
}
