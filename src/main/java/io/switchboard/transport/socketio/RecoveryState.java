package io.switchboard.transport.socketio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.protocol.Position;

/**
 * What connection state recovery knows of one Socket.IO socket (docs/socketio.md), on its lane.
 * Pure: no I/O; the socket stores {@link #record()} whenever {@link #changed()} says so.
 *
 * <p>Hub offsets count each room's messages on its own, while a Socket.IO client keeps one
 * {@code _lastOffset}: the last string argument of the last event. So each room the socket is in
 * gets a <em>slot</em>, a small number fixed for the life of the session, and the offset string an
 * event carries is the socket's whole delivery vector: {@code "slot:offset"} for every room with
 * messages delivered since it was joined, comma-separated in slot order ({@code "0:12,3:7"}).
 * Whatever event the client saw last, its offset names the position of every room at that moment,
 * so one value recovers all of them, exactly. The stored record holds what the client cannot
 * know: the hub client id and, per slot, the room, its epoch and its position when joined (where
 * a room without an entry in the vector resumes).
 */
final class RecoveryState {
    private static final Pattern OFFSET = Pattern.compile("(\\d{1,9}:\\d{1,18})(,\\d{1,9}:\\d{1,18})*");

    /** A room of the session: its slot, history epoch (null: no history), join position and the last offset delivered. */
    private static final class Mark {
        final int slot;
        final String room;
        String epoch;
        long base;
        long delivered;

        Mark(int slot, String room, String epoch, long base) {
            this.slot = slot;
            this.room = room;
            this.epoch = epoch;
            this.base = base;
            this.delivered = base;
        }
    }

    /**
     * A session to resume: its state and, per room in join order, the position to resume from
     * (null for a room without history, which is simply joined again).
     */
    record Resumed(RecoveryState state, Map<String, Position> since) {
    }

    private final String pid;
    private final long client;
    /** The user of the token the session connected with; null for an anonymous one. */
    private final String user;
    private final Map<String, Mark> marks = new LinkedHashMap<>();
    private int nextSlot;
    private boolean changed = true;
    /** The offset string for the current vector, or null when it must be built again. */
    private String offset;

    RecoveryState(String pid, long client, String user) {
        this.pid = pid;
        this.client = client;
        this.user = user;
    }

    /** The private session id: the key of the record, and the {@code pid} of the CONNECT reply. */
    String pid() {
        return pid;
    }

    long client() {
        return client;
    }

    /** Only a CONNECT of this user (null: anonymous) resumes the session. */
    String user() {
        return user;
    }

    /** Whether the record changed since the last {@link #record()}. */
    boolean changed() {
        return changed;
    }

    /**
     * The socket is in {@code room}, which is at {@code latest} (null: no history). A room already
     * marked (joined again, or resumed) keeps its slot and position.
     */
    void joined(String room, Position latest) {
        if (marks.containsKey(room)) {
            return;
        }
        marks.put(room, latest == null ? new Mark(nextSlot++, room, null, 0)
                : new Mark(nextSlot++, room, latest.epoch(), latest.offset()));
        changed = true;
        offset = null;
    }

    /** The socket left {@code room}. */
    void left(String room) {
        if (marks.remove(room) != null) {
            changed = true;
            offset = null;
        }
    }

    /**
     * A kept message of {@code room} at {@code offset} of {@code epoch} goes to the client; returns
     * the offset string it carries, or null when the room is not marked (the message is sent without
     * one). A new epoch (the room's history was lost) restarts the room's position there.
     */
    String delivered(String room, long offset, String epoch) {
        Mark mark = marks.get(room);
        if (mark == null || epoch == null) {
            return null;
        }
        if (!epoch.equals(mark.epoch)) {
            mark.epoch = epoch;
            mark.base = offset - 1;
            mark.delivered = offset - 1;
            changed = true;
        }
        if (offset > mark.delivered) {
            mark.delivered = offset;
            this.offset = null;
        }
        if (this.offset == null) {
            this.offset = vector();
        }
        return this.offset;
    }

    private String vector() {
        StringBuilder out = new StringBuilder();
        for (Mark mark : marks.values()) {
            if (mark.epoch != null && mark.delivered > mark.base) {
                if (!out.isEmpty()) {
                    out.append(',');
                }
                out.append(mark.slot).append(':').append(mark.delivered);
            }
        }
        return out.toString();
    }

    /**
     * The record to store: {@code {"client":7,"user":"ada","next":3,"rooms":[[slot,room,epoch,base],…]}}
     * ({@code user} only for an authenticated session); clears {@link #changed()}.
     */
    byte[] record() {
        changed = false;
        ObjectNode record = SocketIoCodec.JSON.createObjectNode().put("client", client);
        if (user != null) {
            record.put("user", user);
        }
        record.put("next", nextSlot);
        ArrayNode rooms = record.putArray("rooms");
        for (Mark mark : marks.values()) {
            rooms.addArray().add(mark.slot).add(mark.room).add(mark.epoch).add(mark.base);
        }
        return SocketIoCodec.bytes(record);
    }

    /**
     * The session a reconnecting client asks for: its stored {@code record} and the {@code offset}
     * string of the last event it got (null: none). Null when either is malformed or they do not
     * fit together (an offset for a slot the record lacks, or before the room's join position):
     * the client then gets a new session.
     */
    static Resumed resume(String pid, byte[] record, String offset) {
        Map<Integer, Long> vector = parseOffset(offset);
        if (vector == null) {
            return null;
        }
        RecoveryState state = parseRecord(pid, record);
        if (state == null) {
            return null;
        }
        Map<String, Position> since = new LinkedHashMap<>();
        for (Mark mark : state.marks.values()) {
            Long delivered = vector.remove(mark.slot);
            if (delivered != null && (mark.epoch == null || delivered < mark.base)) {
                return null;
            }
            if (delivered != null) {
                mark.delivered = delivered;
            }
            since.put(mark.room, mark.epoch == null ? null : new Position(mark.delivered, mark.epoch));
        }
        return vector.isEmpty() ? new Resumed(state, since) : null;
    }

    /** The slots and offsets of an offset string; empty for none, null when malformed. */
    static Map<Integer, Long> parseOffset(String offset) {
        Map<Integer, Long> vector = new HashMap<>();
        if (offset == null || offset.isEmpty()) {
            return vector;
        }
        if (!OFFSET.matcher(offset).matches()) {
            return null;
        }
        for (String entry : offset.split(",")) {
            int colon = entry.indexOf(':');
            if (vector.put(Integer.parseInt(entry.substring(0, colon)), Long.parseLong(entry.substring(colon + 1))) != null) {
                return null;
            }
        }
        return vector;
    }

    private static RecoveryState parseRecord(String pid, byte[] bytes) {
        JsonNode record;
        try {
            record = SocketIoCodec.JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
        if (record == null || !record.path("client").canConvertToLong() || !record.path("next").canConvertToInt()
                || !record.path("rooms").isArray()) {
            return null;
        }
        JsonNode user = record.path("user");
        if (!user.isMissingNode() && !user.isTextual()) {
            return null;
        }
        RecoveryState state = new RecoveryState(pid, record.get("client").longValue(), user.isTextual() ? user.textValue() : null);
        state.nextSlot = record.get("next").intValue();
        List<Mark> marks = new ArrayList<>();
        for (JsonNode room : record.get("rooms")) {
            if (room.size() != 4 || !room.get(0).canConvertToInt() || !room.get(1).isTextual()
                    || !(room.get(2).isTextual() || room.get(2).isNull()) || !room.get(3).canConvertToLong()) {
                return null;
            }
            marks.add(new Mark(room.get(0).intValue(), room.get(1).textValue(),
                    room.get(2).isNull() ? null : room.get(2).textValue(), room.get(3).longValue()));
        }
        for (Mark mark : marks) {
            state.marks.put(mark.room, mark);
        }
        // Taken out of the store to be resumed: to be stored again.
        return state;
    }
}
