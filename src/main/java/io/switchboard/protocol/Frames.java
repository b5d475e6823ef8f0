package io.switchboard.protocol;

import java.util.List;
import java.util.Map;

/**
 * Builds every frame the hub sends. Each method returns a finished {@link Frame} that is written as
 * it is to every recipient. Ids ({@code id}), senders ({@code from}), payloads and state values
 * are raw JSON as received.
 */
public final class Frames {
    /** The {@code from} of messages the server publishes itself (HTTP API). */
    public static final String SERVER = "\"server\"";

    private Frames() {
    }

    public static Frame clientConnected(long client) {
        return notice("client:connected", client, "Client " + client + " connected");
    }

    public static Frame clientDisconnected(long client) {
        return notice("client:disconnected", client, "Client " + client + " disconnected");
    }

    private static Frame notice(String type, long client, String text) {
        return FrameWriter.ofType(type, 48).string("payload", text).number("client", client).frame();
    }

    /** A broadcast to the lobby ({@code room} null) or to a room's other members. */
    public static Frame broadcast(String room, byte[] payload, long from) {
        return broadcastOf(room, payload).number("from", from).frame();
    }

    /**
     * A broadcast the server sends itself (HTTP API).
     *
     * @param from the sender as raw JSON: {@link #SERVER} or a quoted name
     */
    public static Frame broadcast(String room, byte[] payload, String from) {
        return broadcastOf(room, payload).raw("from", from).frame();
    }

    private static FrameWriter broadcastOf(String room, byte[] payload) {
        FrameWriter w = FrameWriter.ofType("broadcast", payload.length + 48);
        if (room != null) {
            w.string("room", room);
        }
        return w.raw("payload", payload);
    }

    /**
     * A room message: {@code {"type":"message","room":r,"from":f,"offset":n,"payload":p}}. With
     * {@code offset} 0 the message is not in history and has no {@code offset} field.
     *
     * @param from the sender as raw JSON: a client id, or {@link #SERVER}
     * @param epoch the history epoch of {@code offset}; ignored when {@code offset} is 0
     */
    public static Frame message(String room, String from, long offset, String epoch, byte[] payload) {
        FrameWriter w = FrameWriter.ofType("message", payload.length + 64 + room.length())
                .string("room", room).raw("from", from);
        if (offset > 0) {
            w.number("offset", offset);
        }
        byte[] bytes = w.raw("payload", payload).bytes();
        return offset > 0 ? Frame.sequenced(bytes, offset, epoch) : Frame.text(bytes);
    }

    /** A room message that is not kept and may be dropped for a backed-up recipient. */
    public static Frame volatileMessage(String room, long from, byte[] payload) {
        return Frame.volatileText(FrameWriter.ofType("message", payload.length + 48 + room.length())
                .string("room", room).number("from", from).raw("payload", payload).bytes());
    }

    public static Frame direct(long from, byte[] payload) {
        return FrameWriter.ofType("direct", payload.length + 24).number("from", from).raw("payload", payload).frame();
    }

    /**
     * A direct message the server sends itself (HTTP API).
     *
     * @param from the sender as raw JSON: {@link #SERVER} or a quoted name
     */
    public static Frame direct(String from, byte[] payload) {
        return FrameWriter.ofType("direct", payload.length + 24 + from.length()).raw("from", from).raw("payload", payload)
                .frame();
    }

    /** A feed push, for example {@code api:server-time}. */
    public static Frame feed(String type, String room, byte[] payload) {
        return FrameWriter.ofType(type, payload.length + 24 + room.length())
                .string("room", room).raw("payload", payload).frame();
    }

    /**
     * A change of a room's state: {@code {"type":"state","room":r,"payload":{key:value}}}, with
     * value {@code null} for a removed key.
     */
    public static Frame state(String room, String key, byte[] value) {
        return FrameWriter.ofType("state", 48 + room.length() + key.length() + (value == null ? 4 : value.length))
                .string("room", room).object("payload").raw(key, value == null ? NULL : value)
                .end().frame();
    }

    /** A room's whole state as a JSON object, keys in the given map's order. */
    public static byte[] stateObject(Map<String, byte[]> state) {
        int size = 2;
        for (Map.Entry<String, byte[]> e : state.entrySet()) {
            size += e.getKey().length() + e.getValue().length + 4;
        }
        FrameWriter w = new FrameWriter(size);
        for (Map.Entry<String, byte[]> e : state.entrySet()) {
            w.raw(e.getKey(), e.getValue());
        }
        return w.bytes();
    }

    public static Frame welcome(String id, long client, List<String> rooms, String version) {
        return welcome(id, client, null, rooms, version);
    }

    /** The reply to {@code hello}; {@code user} (the token's subject) is left out when null. */
    public static Frame welcome(String id, long client, String user, List<String> rooms, String version) {
        FrameWriter w = FrameWriter.ofType("welcome", 64).raw("id", id).object("payload").number("client", client);
        if (user != null) {
            w.string("user", user);
        }
        w.raw("rooms", stringArray(rooms)).string("version", version).end();
        return w.frame();
    }

    /**
     * The reply to {@code auth}: {@code {"type":"authenticated","id":…,"payload":{"client":7,
     * "user":"alice","expires":1767225600}}}; {@code user} is absent when tokens are not checked,
     * {@code expires} (epoch seconds) when the token does not expire.
     */
    public static Frame authenticated(String id, long client, String user, long expiresAtMillis) {
        FrameWriter w = FrameWriter.ofType("authenticated", 64).raw("id", id).object("payload").number("client", client);
        if (user != null) {
            w.string("user", user);
        }
        if (expiresAtMillis > 0) {
            w.number("expires", expiresAtMillis / 1000);
        }
        return w.end().frame();
    }

    /** Sent ahead of a token's expiry: send a fresh {@code auth} before {@code expires} (epoch seconds). */
    public static Frame tokenExpiring(long expiresAtMillis) {
        return FrameWriter.ofType("token:expiring", 32).object("payload").number("expires", expiresAtMillis / 1000)
                .end().frame();
    }

    /**
     * {@code "users":{"7":"alice"}}: the users of the listed clients that have one, as a field of
     * a presence payload. Nothing is written when {@code users} is null or empty, so clients
     * without tokens keep the plain {@code {"clients":[…]}} shape.
     */
    private static void users(FrameWriter w, Map<Long, String> users) {
        if (users == null || users.isEmpty()) {
            return;
        }
        w.object("users");
        for (Map.Entry<Long, String> e : new java.util.TreeMap<>(users).entrySet()) {
            w.string(Long.toString(e.getKey()), e.getValue());
        }
        w.end();
    }

    /**
     * The reply to a join.
     *
     * @param clients the members after the join, or null when the client asked for no presence
     *        events (a big room's member list is for {@code presence} requests)
     * @param latest the room's latest history position, or null for a room without history
     * @param recovered whether a resume succeeded, or null when the join did not ask to resume
     * @param state the room's state as a JSON object, or null for a room without state
     */
    public static Frame joined(String id, String room, long[] clients, Position latest, Boolean recovered, byte[] state) {
        return joined(id, room, clients, null, latest, recovered, state);
    }

    /** {@link #joined(String, String, long[], Position, Boolean, byte[])} with the members' users. */
    public static Frame joined(String id, String room, long[] clients, Map<Long, String> users, Position latest,
            Boolean recovered, byte[] state) {
        FrameWriter w = FrameWriter.ofType("joined", 96 + (clients == null ? 0 : clients.length * 8)
                + (state == null ? 0 : state.length)).raw("id", id).string("room", room).object("payload");
        if (clients != null) {
            w.numbers("clients", clients);
            users(w, users);
        }
        if (latest != null) {
            w.number("offset", latest.offset()).string("epoch", latest.epoch());
        }
        if (recovered != null) {
            w.bool("recovered", recovered);
        }
        if (state != null) {
            w.raw("state", state);
        }
        return w.end().frame();
    }

    public static Frame left(String id, String room) {
        return FrameWriter.ofType("left", 32).raw("id", id).string("room", room).frame();
    }

    public static Frame roomJoined(String room, long client) {
        return roomJoined(room, client, null);
    }

    /** {@code room:joined}, with the joiner's {@code user} when it has one. */
    public static Frame roomJoined(String room, long client, String user) {
        FrameWriter w = FrameWriter.ofType("room:joined", 32).string("room", room).number("client", client);
        if (user != null) {
            w.string("user", user);
        }
        return w.frame();
    }

    public static Frame roomLeft(String room, long client) {
        return FrameWriter.ofType("room:left", 32).string("room", room).number("client", client).frame();
    }

    public static Frame presence(String id, String room, long[] clients) {
        return presence(id, room, clients, null);
    }

    /** The reply to {@code presence}; {@code users} maps clients to their users (absent when none has one). */
    public static Frame presence(String id, String room, long[] clients, Map<Long, String> users) {
        FrameWriter w = FrameWriter.ofType("presence", 32 + clients.length * 8).raw("id", id).string("room", room)
                .object("payload").numbers("clients", clients);
        users(w, users);
        return w.end().frame();
    }

    public static Frame ack(String id) {
        return FrameWriter.ofType("ack", 16).raw("id", id).frame();
    }

    /** An ack that also tells where a publish landed in the room's history. */
    public static Frame ack(String id, Position position) {
        return FrameWriter.ofType("ack", 64).raw("id", id).object("payload")
                .number("offset", position.offset()).string("epoch", position.epoch()).end().frame();
    }

    public static Frame error(String id, ErrorCode code, String message) {
        code.count();
        return FrameWriter.ofType("error", 64 + message.length()).raw("id", id)
                .object("payload").string("code", code.code()).string("message", message).end().frame();
    }

    /**
     * A {@code forbidden} error that names what was refused:
     * {@code {"type":"error","id":…,"payload":{"code":"forbidden","message":…,"room":"r","right":"publish"}}}.
     */
    public static Frame forbidden(String id, String message, String room, String right) {
        return FrameWriter.ofType("error", 96 + message.length() + room.length()).raw("id", id)
                .object("payload").string("code", ErrorCode.FORBIDDEN.code()).string("message", message)
                .string("room", room).string("right", right).end().frame();
    }

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private static String stringArray(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            // Room names are validated to a JSON-safe alphabet.
            sb.append('"').append(values.get(i)).append('"');
        }
        return sb.append(']').toString();
    }
}
