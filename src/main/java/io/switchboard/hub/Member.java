package io.switchboard.hub;

import java.util.ArrayList;
import java.util.List;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frame;

/**
 * One client's membership of one room on this node. Confined to the client's lane.
 *
 * <p>While a join reads the room's stream the membership is <em>pending</em>: frames for the room
 * are held back and released after the {@code joined} reply and the replay. Once live, it
 * remembers the last offset it passed on, so a message that reaches it both in a replay and live
 * is delivered once.
 */
final class Member {
    /** Frames a pending join may hold back before the client is closed as too slow. */
    static final int MAX_PENDING = 10_000;

    final Client client;
    final Room room;
    final LaneGroup group;
    /** Position in {@link LaneGroup}'s member list and watcher list (-1: not watching). */
    int index = -1;
    int watcherIndex = -1;
    private long lastOffset;
    private String epoch;
    private List<Frame> pending;

    Member(Client client, Room room, LaneGroup group) {
        this.client = client;
        this.room = room;
        this.group = group;
    }

    boolean watching() {
        return watcherIndex >= 0;
    }

    boolean isPending() {
        return pending != null;
    }

    /** Holds back frames from now until {@link #release}. */
    void hold() {
        if (pending == null) {
            pending = new ArrayList<>();
        }
    }

    /**
     * Passes {@code frame} to the client, held back while pending, dropped when already passed on
     * (an offset not after the last one of the same epoch) or when volatile and the socket is
     * backed up.
     */
    void offer(Frame frame) {
        if (pending != null) {
            if (!frame.isVolatile()) {
                if (pending.size() >= MAX_PENDING) {
                    client.session().close(CloseCode.SLOW_CONSUMER);
                    return;
                }
                pending.add(frame);
            }
            return;
        }
        pass(frame);
    }

    private void pass(Frame frame) {
        long offset = frame.offset();
        if (offset > 0) {
            if (offset <= lastOffset && frame.epoch().equals(epoch)) {
                return;
            }
            lastOffset = offset;
            epoch = frame.epoch();
        }
        Session session = client.session();
        if (frame.isVolatile() && session.backedUp()) {
            return;
        }
        session.write(frame);
    }

    /**
     * Ends a pending join: the client has the room up to {@code offset} of {@code epoch} (null for
     * a room without history); frames held back meanwhile follow, minus what it already has.
     */
    void release(long offset, String epoch) {
        release(offset, epoch, null);
    }

    /** {@link #release(long, String)}, minus {@code written}: a frame the client was just given (a feed's latest item). */
    void release(long offset, String epoch, Frame written) {
        if (epoch != null) {
            this.lastOffset = offset;
            this.epoch = epoch;
        }
        List<Frame> held = pending;
        pending = null;
        if (held != null) {
            for (Frame frame : held) {
                if (frame != written) {
                    pass(frame);
                }
            }
        }
    }

    /** Writes a replayed message and counts it as passed on. */
    void replay(Frame frame) {
        client.session().write(frame);
    }
}
