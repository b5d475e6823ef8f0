package io.switchboard.backplane;

/**
 * A room message to be kept in the room's history: the parts of its frame that do not depend on
 * where it lands. The backplane gives it an offset and builds the frame
 * ({@link io.switchboard.protocol.Frames#message}).
 *
 * @param room the room
 * @param from the sender as raw JSON (a client id, or {@code "server"})
 * @param payload the payload as raw JSON
 */
public record Publication(String room, String from, byte[] payload) {
}
