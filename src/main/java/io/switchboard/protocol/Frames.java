package io.switchboard.protocol;

import java.util.List;

/**
 * Builds every frame the hub sends. Each method returns a finished {@link Frame} that is written as
 * it is to every recipient. Ids ({@code id}) and payloads are raw JSON as received.
 */
public final class Frames {
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
        FrameWriter w = FrameWriter.ofType("broadcast", payload.length + 48);
        if (room != null) {
            w.string("room", room);
        }
        return w.raw("payload", payload).number("from", from).frame();
    }

    public static Frame message(String room, long from, byte[] payload) {
        return FrameWriter.ofType("message", payload.length + 48 + room.length())
                .string("room", room).number("from", from).raw("payload", payload).frame();
    }

    public static Frame direct(long from, byte[] payload) {
        return FrameWriter.ofType("direct", payload.length + 24).number("from", from).raw("payload", payload).frame();
    }

    /** A feed push, for example {@code api:server-time}. */
    public static Frame feed(String type, String room, byte[] payload) {
        return FrameWriter.ofType(type, payload.length + 24 + room.length())
                .string("room", room).raw("payload", payload).frame();
    }

    public static Frame welcome(String id, long client, List<String> rooms, String version) {
        FrameWriter w = FrameWriter.ofType("welcome", 64).raw("id", id).object("payload").number("client", client);
        w.raw("rooms", stringArray(rooms)).string("version", version).end();
        return w.frame();
    }

    public static Frame joined(String id, String room, long[] clients) {
        return FrameWriter.ofType("joined", 32 + clients.length * 8).raw("id", id).string("room", room)
                .object("payload").numbers("clients", clients).end().frame();
    }

    public static Frame left(String id, String room) {
        return FrameWriter.ofType("left", 32).raw("id", id).string("room", room).frame();
    }

    public static Frame roomJoined(String room, long client) {
        return FrameWriter.ofType("room:joined", 32).string("room", room).number("client", client).frame();
    }

    public static Frame roomLeft(String room, long client) {
        return FrameWriter.ofType("room:left", 32).string("room", room).number("client", client).frame();
    }

    public static Frame presence(String id, String room, long[] clients) {
        return FrameWriter.ofType("presence", 32 + clients.length * 8).raw("id", id).string("room", room)
                .object("payload").numbers("clients", clients).end().frame();
    }

    public static Frame ack(String id) {
        return FrameWriter.ofType("ack", 16).raw("id", id).frame();
    }

    public static Frame error(String id, ErrorCode code, String message) {
        return FrameWriter.ofType("error", 64 + message.length()).raw("id", id)
                .object("payload").string("code", code.code()).string("message", message).end().frame();
    }

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
