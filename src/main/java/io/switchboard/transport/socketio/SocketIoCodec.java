package io.switchboard.transport.socketio;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Socket.IO v5 packet encoding of the default parser:
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]}, binary values replaced by
 * {@code {"_placeholder":true,"num":N}} and sent as attachments after the text. No state; no I/O.
 * {@link SocketIoDecoder} puts packets and their attachments back together.
 */
public final class SocketIoCodec {
    /** Most attachments one packet may announce (the reference parser's default). */
    public static final int MAX_ATTACHMENTS = 10;
    /** Event names a peer may not use: they have a meaning of their own in the client libraries. */
    static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");
    /** The largest ack id: JavaScript's largest safe integer, as the reference reads ids as numbers. */
    private static final long MAX_ID = (1L << 53) - 1;

    /** JSON as the packets carry it; numbers keep their exact value. */
    static final JsonMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SocketIoCodec() {
    }

    /** An encoded packet: its text, then its binary attachments in order. */
    public record Encoded(String text, List<byte[]> attachments) {
    }

    /**
     * Encodes {@code packet}. An EVENT or ACK whose data holds binary values becomes a BINARY_EVENT
     * or BINARY_ACK with placeholders and attachments.
     */
    public static Encoded encode(SocketIoPacket packet) {
        SocketIoPacket.Type type = packet.type();
        JsonNode data = packet.data();
        List<byte[]> attachments = new ArrayList<>();
        if (data != null && hasBinary(data)) {
            data = deconstruct(data.deepCopy(), attachments);
            if (type == SocketIoPacket.Type.EVENT) {
                type = SocketIoPacket.Type.BINARY_EVENT;
            } else if (type == SocketIoPacket.Type.ACK) {
                type = SocketIoPacket.Type.BINARY_ACK;
            }
        }
        StringBuilder text = new StringBuilder().append(type.ordinal());
        if (type.isBinary()) {
            text.append(attachments.size()).append('-');
        }
        if (!SocketIoPacket.MAIN.equals(packet.namespace())) {
            text.append(packet.namespace()).append(',');
        }
        if (packet.id() != null) {
            text.append(packet.id());
        }
        if (data != null) {
            text.append(data);
        }
        return new Encoded(text.toString(), List.copyOf(attachments));
    }

    /** A packet read from its text; binary types still hold their placeholders. */
    record Header(SocketIoPacket packet, int attachments) {
    }

    /**
     * Decodes the text of a packet, checking it as the reference parser does: a known type, a
     * well-formed attachment count and ack id, and data of the shape the type requires (an object
     * or nothing for CONNECT, nothing for DISCONNECT, a non-empty array starting with an event name
     * for events, an array for acks, a string or object for CONNECT_ERROR).
     */
    static Header decode(String text) throws MalformedPacketException {
        if (text.isEmpty()) {
            throw new MalformedPacketException("empty Socket.IO packet");
        }
        char first = text.charAt(0);
        if (first < '0' || first > '6') {
            throw new MalformedPacketException("unknown Socket.IO packet type '" + first + "'");
        }
        SocketIoPacket.Type type = SocketIoPacket.Type.values()[first - '0'];
        int at = 1;
        int attachments = 0;
        if (type.isBinary()) {
            int dash = text.indexOf('-', at);
            if (dash < 0 || !digits(text, at, dash) || dash - at > 4) {
                throw new MalformedPacketException("illegal attachments");
            }
            attachments = Integer.parseInt(text, at, dash, 10);
            if (attachments > MAX_ATTACHMENTS) {
                throw new MalformedPacketException("too many attachments");
            }
            at = dash + 1;
        }
        String namespace = SocketIoPacket.MAIN;
        if (at < text.length() && text.charAt(at) == '/') {
            int comma = text.indexOf(',', at);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(at, end);
            at = comma < 0 ? end : end + 1;
        }
        Long id = null;
        int idStart = at;
        while (at < text.length() && Character.isDigit(text.charAt(at)) && text.charAt(at) < 0x80) {
            at++;
        }
        if (at > idStart) {
            if (at - idStart > 16 || Long.parseLong(text, idStart, at, 10) > MAX_ID) {
                throw new MalformedPacketException("ack id out of range");
            }
            id = Long.parseLong(text, idStart, at, 10);
        }
        JsonNode data = null;
        if (at < text.length()) {
            try {
                data = JSON.readTree(text.substring(at));
            } catch (JsonProcessingException e) {
                throw new MalformedPacketException("payload is not JSON");
            }
        }
        if (!validData(type, data)) {
            throw new MalformedPacketException("invalid payload for " + type);
        }
        return new Header(new SocketIoPacket(type, namespace, id, data), attachments);
    }

    private static boolean digits(String text, int from, int to) {
        if (from == to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean validData(SocketIoPacket.Type type, JsonNode data) {
        return switch (type) {
            case CONNECT -> data == null || data.isObject();
            case DISCONNECT -> data == null;
            case EVENT, BINARY_EVENT -> data != null && data.isArray() && !data.isEmpty() && isEventName(data.get(0));
            case ACK, BINARY_ACK -> data != null && data.isArray();
            case CONNECT_ERROR -> data != null && (data.isTextual() || data.isObject());
        };
    }

    private static boolean isEventName(JsonNode name) {
        return name.isNumber() || name.isTextual() && !RESERVED_EVENTS.contains(name.asText());
    }

    /** {@code node} as UTF-8 JSON; plain JSON trees always serialise. */
    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code node} holds a binary value anywhere. */
    static boolean hasBinary(JsonNode node) {
        if (node.isBinary()) {
            return true;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasBinary(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Replaces binary values by numbered placeholders, depth first, collecting their bytes. */
    private static JsonNode deconstruct(JsonNode data, List<byte[]> attachments) {
        try {
            return replaceAll(data, node -> {
                if (!node.isBinary()) {
                    return null;
                }
                ObjectNode placeholder = JSON.createObjectNode();
                placeholder.put("_placeholder", true);
                placeholder.put("num", attachments.size());
                attachments.add(((BinaryNode) node).binaryValue());
                return placeholder;
            });
        } catch (MalformedPacketException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Puts the attachments back where their placeholders are.
     *
     * @throws MalformedPacketException for a placeholder whose number is not an attachment's
     */
    static JsonNode reconstruct(JsonNode data, List<byte[]> attachments) throws MalformedPacketException {
        return replaceAll(data, node -> {
            JsonNode marker = node.get("_placeholder");
            if (!node.isObject() || marker == null || !marker.isBoolean() || !marker.booleanValue()) {
                return null;
            }
            JsonNode num = node.get("num");
            if (num == null || !num.isIntegralNumber() || !num.canConvertToInt() || num.intValue() < 0
                    || num.intValue() >= attachments.size()) {
                throw new MalformedPacketException("illegal attachments");
            }
            return BinaryNode.valueOf(attachments.get(num.intValue()));
        });
    }

    /** Gives a node's replacement, or null to keep the node and look into it. */
    interface Replacement {
        JsonNode apply(JsonNode node) throws MalformedPacketException;
    }

    /**
     * Walks {@code node} depth first (array elements in order, object fields in order) and puts each
     * replacement in place. Changes the tree; returns its new root.
     */
    static JsonNode replaceAll(JsonNode node, Replacement replacement) throws MalformedPacketException {
        JsonNode replaced = replacement.apply(node);
        if (replaced != null) {
            return replaced;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, replaceAll(array.get(i), replacement));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                field.setValue(replaceAll(field.getValue(), replacement));
            }
        }
        return node;
    }
}
