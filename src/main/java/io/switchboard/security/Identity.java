package io.switchboard.security;

import java.util.EnumSet;
import java.util.List;

import io.switchboard.hub.Principal;
import io.switchboard.hub.Right;
import io.switchboard.protocol.RoomPattern;

/**
 * A verified token: its subject, its expiry and the room grants of its rooms claim.
 *
 * @param user the token's {@code sub}
 * @param expiresAt the token's {@code exp} in epoch milliseconds, 0 when it has none
 * @param grants the rooms claim: patterns and the rights they grant
 */
record Identity(String user, long expiresAt, List<Grant> grants) implements Principal {

    /** One entry of the rooms claim. */
    record Grant(RoomPattern pattern, EnumSet<Right> rights) {
    }

    @Override
    public boolean grants(Right right, String room) {
        for (Grant g : grants) {
            if (g.rights().contains(right) && g.pattern().matches(room)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "user " + user;
    }
}
