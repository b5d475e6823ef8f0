package io.switchboard.protocol;

/**
 * A position in a room's history: an offset and the epoch it belongs to. Offsets count the room's
 * messages from 1; offset 0 is the position before the first message. An offset of one epoch
 * means nothing in another.
 *
 * @param offset the offset (0: before the first message)
 * @param epoch the history epoch
 */
public record Position(long offset, String epoch) {
}
