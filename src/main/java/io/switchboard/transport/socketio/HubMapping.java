package io.switchboard.transport.socketio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Position;

/**
 * How Socket.IO events and the hub's JSON protocol map onto each other (docs/socketio.md). Pure:
 * bytes in, bytes out.
 *
 * <p>Inbound, an event is a request: {@code emit('publish', room, payload, ack)} becomes
 * {@code {"type":"publish","room":…,"payload":…,"id":<ack id>}}. Outbound, a hub frame with a
 * numeric {@code id} is the reply to the event with that ack id and becomes an ACK; any other frame
 * is a push and becomes an event named by its {@code type}, with the {@code payload} first and the
 * other fields in an object after it. Binary values travel through the hub as
 * {@code {"$binary":"<base64>"}} and become binary attachments again on the way out.
 */
final class HubMapping {
    /** The request fields each event's arguments fill, in order. */
    private static final Map<String, String[]> ARGUMENTS = Map.of(
            "hello", new String[0],
            "auth", new String[] {"token"},
            "join", new String[] {"room"},
            "leave", new String[] {"room"},
            "presence", new String[] {"room"},
            "publish", new String[] {"room", "payload"},
            "broadcast", new String[] {"payload", "room"},
            "direct", new String[] {"to", "payload"},
            "set", new String[] {"room", "key", "value"},
            "unset", new String[] {"room", "key"});
    /** The member that marks a binary value in hub JSON. */
    static final String BINARY = "$binary";
    private static final byte[] BINARY_MARK = ("\"" + BINARY + "\"").getBytes(StandardCharsets.US_ASCII);

    /** The translation of a hub frame for Socket.IO sockets; computed once per frame. */
    static final Function<Frame, Translation> TRANSLATE = HubMapping::translate;

    private HubMapping() {
    }

    /**
     * What a hub frame becomes for a Socket.IO socket: the packets to send (none for the reply to
     * a request the server made itself) and the room it tells the socket it joined or left.
     *
     * @param packets Engine.IO message packets, shared between recipients
     * @param room the room of a {@code joined} or {@code left} frame, otherwise null
     * @param joined whether {@code room} was joined (true) or left (false)
     * @param position the room's latest history position a {@code joined} frame gives, otherwise null
     * @param stream the room of a message kept in history (a frame with an offset), otherwise null
     */
    record Translation(EncodedPacket[] packets, String room, boolean joined, Position position, String stream) {
        static final Translation NOTHING = new Translation(new EncodedPacket[0], null, false, null, null);
    }

    // ---- events to requests --------------------------------------------------------------------

    /**
     * The hub request for an event. {@code args} is the EVENT packet's data: the event name, then
     * its arguments (the ack callback is not among them; its id is {@code ackId}). Known events
     * fill their fields by position; any other event becomes a request of that type, taking the
     * fields of its one object argument, so new hub requests need no new mapping. Arguments are
     * passed as they are: the hub checks them and answers errors as for any client.
     */
    static byte[] request(JsonNode args, Long ackId) {
        ObjectNode request = SocketIoCodec.JSON.createObjectNode();
        JsonNode name = args.get(0);
        request.set("type", name);
        String[] fields = name.isTextual() ? ARGUMENTS.get(name.textValue()) : null;
        if (fields != null) {
            for (int i = 0; i < fields.length && i + 1 < args.size(); i++) {
                request.set(fields[i], toHub(args.get(i + 1)));
            }
        } else if (args.size() == 2 && args.get(1).isObject()) {
            for (Map.Entry<String, JsonNode> field : args.get(1).properties()) {
                if (!"type".equals(field.getKey()) && !"id".equals(field.getKey())) {
                    request.set(field.getKey(), toHub(field.getValue()));
                }
            }
        }
        if (ackId != null) {
            request.put("id", ackId);
        }
        return SocketIoCodec.bytes(request);
    }

    /** A request the server makes for a socket, whose reply is not passed on. */
    static byte[] internalRequest(String type, String room) {
        return ("{\"type\":\"" + type + "\",\"room\":\"" + room + "\",\"events\":false,\"id\":\"socket.io\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The join that restores a room of a recovered socket: room notices as a {@code join} event
     * asks for them ({@code events} false for feed rooms), resuming after {@code since} (null: a
     * room without history, simply joined). Its reply is not passed on; the replay is.
     */
    static byte[] rejoin(String room, Position since, boolean events) {
        ObjectNode request = SocketIoCodec.JSON.createObjectNode().put("type", "join").put("room", room).put("events", events);
        if (since != null) {
            request.putObject("since").put("offset", since.offset()).put("epoch", since.epoch());
        }
        return SocketIoCodec.bytes(request.put("id", "socket.io"));
    }

    /** Binary values as the hub carries them: {@code {"$binary":"<base64>"}}. */
    private static JsonNode toHub(JsonNode value) {
        return replace(value, node -> {
            if (!node.isBinary()) {
                return null;
            }
            ObjectNode binary = SocketIoCodec.JSON.createObjectNode();
            binary.put(BINARY, Base64.getEncoder().encodeToString(((BinaryNode) node).binaryValue()));
            return binary;
        });
    }

    /** {@code {"$binary":"<base64>"}} objects (that one member, valid base64) as binary values. */
    private static JsonNode fromHub(JsonNode value) {
        return replace(value, node -> {
            JsonNode base64 = node.get(BINARY);
            if (!node.isObject() || node.size() != 1 || base64 == null || !base64.isTextual()) {
                return null;
            }
            try {
                return BinaryNode.valueOf(Base64.getDecoder().decode(base64.textValue()));
            } catch (IllegalArgumentException notBase64) {
                return node;
            }
        });
    }

    private static JsonNode replace(JsonNode value, SocketIoCodec.Replacement replacement) {
        try {
            return SocketIoCodec.replaceAll(value, replacement);
        } catch (MalformedPacketException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- frames to packets ---------------------------------------------------------------------

    /** The CONNECT reply for the main namespace; {@code sid} is the socket's hub client id. */
    static EncodedPacket connected(long sid) {
        return connected(sid, null);
    }

    /**
     * The CONNECT reply with the private id of a recoverable session ({@code pid} null: none). A
     * client that gets back the pid it sent knows its session was recovered.
     */
    static EncodedPacket connected(long sid, String pid) {
        return EncodedPacket.text("40{\"sid\":\"" + sid + "\"" + (pid == null ? "" : ",\"pid\":\"" + pid + "\"") + "}");
    }

    /**
     * The packets of an event with {@code offset} (a JSON-safe ASCII string) added as its last
     * argument, as connection state recovery asks. Only the first packet (the event's text) changes,
     * and it still shares the event's bytes: its closing {@code ]} gives way to
     * {@code ,"<offset>"]}. Attachments stay shared.
     */
    static EncodedPacket[] withOffset(EncodedPacket[] packets, String offset) {
        byte[] tail = new byte[offset.length() + 4];
        tail[0] = ',';
        tail[1] = '"';
        for (int i = 0; i < offset.length(); i++) {
            tail[2 + i] = (byte) offset.charAt(i);
        }
        tail[tail.length - 2] = '"';
        tail[tail.length - 1] = ']';
        EncodedPacket[] copy = packets.clone();
        copy[0] = packets[0].replacingEnd(1, tail);
        return copy;
    }

    /** The CONNECT_ERROR for a namespace the server does not have. */
    static EncodedPacket invalidNamespace(String namespace) {
        return connectError(namespace, SocketIoCodec.JSON.createObjectNode().put("message", "Invalid namespace"));
    }

    /** The CONNECT_ERROR of the main namespace: {@code 44{"message":…}}. */
    static EncodedPacket connectError(JsonNode error) {
        return connectError(SocketIoPacket.MAIN, error);
    }

    private static EncodedPacket connectError(String namespace, JsonNode error) {
        return EncodedPacket.text("4" + SocketIoCodec.encode(
                new SocketIoPacket(SocketIoPacket.Type.CONNECT_ERROR, namespace, null, error)).text());
    }

    /** The server's DISCONNECT of the main namespace. */
    static final EncodedPacket DISCONNECT = EncodedPacket.text("41");

    /**
     * Whether the server ends a socket closed with {@code code} with a DISCONNECT: the codes after
     * which a client must not reconnect as it is (a new token is needed, or an operator said so).
     */
    static boolean isServerDisconnect(CloseCode code) {
        return code == CloseCode.TOKEN_EXPIRED || code == CloseCode.KICKED || code == CloseCode.UNAUTHORIZED
                || code == CloseCode.REPLACED;
    }

    private static Translation translate(Frame frame) {
        if (frame.isBinary()) {
            return Translation.NOTHING;
        }
        try {
            return translate(HubFrame.parse(frame.data()), frame.offset() > 0);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a hub frame: " + frame, e);
        }
    }

    private static Translation translate(HubFrame f, boolean kept) {
        boolean joined = "joined".equals(f.type);
        String change = joined || "left".equals(f.type) ? f.room : null;
        Position position = joined && f.epoch != null ? new Position(f.offset, f.epoch) : null;
        String stream = kept && f.id == null ? f.room : null;
        if (f.id != null && !f.numericId) {
            return new Translation(Translation.NOTHING.packets(), change, joined, position, null);
        }
        Bytes out = new Bytes(f.data.length + 16);
        if (f.id != null) {
            out.ascii("43").slice(f.data, f.id).ascii("[");
            if ("error".equals(f.type) && f.payload != null) {
                out.ascii("{\"error\":").slice(f.data, f.payload).ascii("}");
            } else {
                out.ascii("{").fields(f, false).ascii("}");
            }
        } else {
            out.ascii("42[").slice(f.data, f.typeValue);
            if (f.payload != null) {
                out.ascii(",").slice(f.data, f.payload);
            }
            if (f.others > 0) {
                out.ascii(",{").fields(f, true).ascii("}");
            }
        }
        byte[] text = out.ascii("]").toArray();
        EncodedPacket[] packets = indexOf(text, BINARY_MARK) >= 0 ? withAttachments(text, f) : null;
        if (packets == null) {
            packets = new EncodedPacket[] {new EncodedPacket(text, false)};
        }
        return new Translation(packets, change, joined, position, stream);
    }

    /**
     * The packets of an event or ack whose arguments hold {@code $binary} values: a binary packet
     * and its attachments. Null when nothing turned out to be binary.
     */
    private static EncodedPacket[] withAttachments(byte[] text, HubFrame f) {
        int open = indexOf(text, new byte[] {'['});
        JsonNode args;
        try {
            args = SocketIoCodec.JSON.readTree(Arrays.copyOfRange(text, open, text.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        args = fromHub(args);
        if (!SocketIoCodec.hasBinary(args)) {
            return null;
        }
        SocketIoPacket.Type type = f.id != null ? SocketIoPacket.Type.ACK : SocketIoPacket.Type.EVENT;
        Long id = f.id != null ? Long.valueOf(new String(f.data, f.id[0], f.id[1] - f.id[0], StandardCharsets.US_ASCII)) : null;
        SocketIoCodec.Encoded encoded = SocketIoCodec.encode(new SocketIoPacket(type, SocketIoPacket.MAIN, id, args));
        EncodedPacket[] packets = new EncodedPacket[1 + encoded.attachments().size()];
        packets[0] = EncodedPacket.text("4" + encoded.text());
        for (int i = 0; i < encoded.attachments().size(); i++) {
            packets[i + 1] = EncodedPacket.binary(encoded.attachments().get(i));
        }
        return packets;
    }

    static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The top-level fields of a hub frame as byte ranges ({@code [start, end)}) of its text: no
     * value is decoded but the type and the room.
     */
    private static final class HubFrame {
        /** One {@code "name":value} of the frame; {@code other} unless it is the type or payload. */
        record Field(int start, int end, boolean other) {
        }

        final byte[] data;
        final List<Field> fields = new ArrayList<>();
        String type;
        String room;
        int[] typeValue;
        int[] id;
        boolean numericId;
        int[] payload;
        int others;
        /** The {@code offset} and {@code epoch} of a {@code joined} frame's payload. */
        long offset;
        String epoch;

        private HubFrame(byte[] data) {
            this.data = data;
        }

        static HubFrame parse(byte[] data) throws IOException {
            HubFrame f = new HubFrame(data);
            try (JsonParser p = SocketIoCodec.JSON.createParser(data)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("a hub frame is a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int fieldStart = (int) p.currentTokenLocation().getByteOffset();
                    JsonToken value = p.nextToken();
                    int valueStart = (int) p.currentTokenLocation().getByteOffset();
                    String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    if ("payload".equals(name) && "joined".equals(f.type) && value == JsonToken.START_OBJECT) {
                        f.position(p);
                    }
                    p.skipChildren();
                    p.finishToken();
                    int end = (int) p.currentLocation().getByteOffset();
                    f.field(name, text, value, fieldStart, new int[] {valueStart, end});
                }
            }
            if (f.type == null) {
                throw new IOException("a hub frame has a type");
            }
            return f;
        }

        /** Reads {@code offset} and {@code epoch} of the object the parser is at, to its end. */
        private void position(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("offset".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    offset = p.getLongValue();
                } else if ("epoch".equals(name) && value == JsonToken.VALUE_STRING) {
                    epoch = p.getText();
                }
                p.skipChildren();
            }
        }

        private void field(String name, String text, JsonToken token, int start, int[] value) {
            boolean other = false;
            switch (name) {
                case "id" -> {
                    id = value;
                    numericId = token == JsonToken.VALUE_NUMBER_INT;
                    return;
                }
                case "type" -> {
                    type = text;
                    typeValue = value;
                }
                case "payload" -> payload = value;
                default -> {
                    other = true;
                    others++;
                    if ("room".equals(name)) {
                        room = text;
                    }
                }
            }
            fields.add(new Field(start, value[1], other));
        }
    }

    /** A growable byte buffer for packets built from slices of a frame. */
    private static final class Bytes {
        private byte[] buf;
        private int len;

        Bytes(int capacity) {
            buf = new byte[capacity];
        }

        Bytes ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return this;
        }

        Bytes slice(byte[] data, int[] range) {
            int n = range[1] - range[0];
            ensure(n);
            System.arraycopy(data, range[0], buf, len, n);
            len += n;
            return this;
        }

        /** The frame's fields (all but the id, or only the "other" ones), comma-separated. */
        Bytes fields(HubFrame f, boolean onlyOthers) {
            boolean first = true;
            for (HubFrame.Field field : f.fields) {
                if (!onlyOthers || field.other()) {
                    if (!first) {
                        ascii(",");
                    }
                    slice(f.data, new int[] {field.start(), field.end()});
                    first = false;
                }
            }
            return this;
        }

        byte[] toArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }
    }
}
