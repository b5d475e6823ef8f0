package io.switchboard.backplane;

import java.time.Duration;

/**
 * How much of each room's stream a backplane keeps.
 *
 * @param historySize messages kept per room
 * @param historyTtl how long a message is kept; a room's epoch and state are forgotten this long
 *        after its last change once nobody is in it
 * @param maxStateKeys keys one room's state may hold
 */
public record StreamSettings(int historySize, Duration historyTtl, int maxStateKeys) {
}
