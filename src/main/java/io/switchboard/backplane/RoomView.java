package io.switchboard.backplane;

import java.util.List;

import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Position;

/**
 * What a joining client needs from a room's stream, read at one point of it: everything up to
 * {@link #latest()} is either in {@link #replay()} or was deliberately not asked for, and every
 * message after it is delivered live.
 *
 * @param latest the room's latest position, or null for a room that keeps no history
 * @param replay the kept messages the join asked for, oldest first
 * @param recovered whether every message after the join's {@code since} was still held (and so is in
 *        {@code replay}); false when no {@code since} was given
 * @param state the room's state as a JSON object ({@code {}} when empty)
 */
public record RoomView(Position latest, List<Frame> replay, boolean recovered, byte[] state) {
}
