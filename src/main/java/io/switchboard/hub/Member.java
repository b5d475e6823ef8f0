package io.switchboard.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.switchboard.config.SecurityConfig.SlowConsumer;
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
    /**
     * Bytes waiting in a socket's buffer past which a member of a drop-oldest or latest-only room
     * counts as slow. Well above one burst of writes to a reader that keeps up (the socket turns
     * unwritable at 64 KiB for a moment whenever a burst is written).
     */
    static final long BACKLOG_BYTES = 256 * 1024;

    final Client client;
    final Room room;
    final LaneGroup group;
    /** Position in {@link LaneGroup}'s member list and watcher list (-1: not watching). */
    int index = -1;
    int watcherIndex = -1;
    private long lastOffset;
    private String epoch;
    private List<Frame> pending;
    /** Frames kept back while the socket is backed up (rooms with drop-oldest / latest-only). */
    private ArrayDeque<Frame> stash;
    private boolean drainScheduled;
    private long dropped;
    /**
     * The feed item a join just gave the client while that item was still on its way to this lane:
     * its live copy, if it is the next frame to come, is passed over.
     */
    private Frame given;

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
        if (given != null) {
            boolean again = frame == given;
            given = null;
            if (again) {
                return;
            }
        }
        long offset = frame.offset();
        if (offset > 0) {
            if (offset <= lastOffset && frame.epoch().equals(epoch)) {
                return;
            }
            lastOffset = offset;
            epoch = frame.epoch();
        }
        Session session = client.session();
        if (frame.isVolatile() && (stash != null || session.backedUp())) {
            group.traffic.onDropped();
            return;
        }
        if (room.slowConsumer != SlowConsumer.CLOSE) {
            if (stash != null && session.pendingBytes() <= BACKLOG_BYTES) {
                // Caught up since the frames were kept back: they go first.
                drain();
            }
            if (stash != null || session.pendingBytes() > BACKLOG_BYTES) {
                park(frame);
                return;
            }
        }
        session.write(frame);
    }

    /**
     * Keeps {@code frame} back while the socket is backed up, dropping the oldest kept frame when
     * the room's bound is reached ({@code latest-only}: one frame), so a slow reader costs this
     * node at most that many frames whatever the room's traffic.
     */
    private void park(Frame frame) {
        if (stash == null) {
            stash = new ArrayDeque<>();
        }
        int bound = room.slowConsumer == SlowConsumer.LATEST_ONLY ? 1 : room.buffer;
        while (stash.size() >= bound) {
            stash.pollFirst();
            dropped++;
        }
        stash.addLast(frame);
        if (!drainScheduled) {
            drainScheduled = true;
            client.session().whenWritable(this::drain);
        }
    }

    /** Writes the kept frames once the socket drained, as long as it keeps up. */
    private void drain() {
        drainScheduled = false;
        if (stash == null) {
            return;
        }
        if (client.gone() || index < 0) {
            stash = null;
            return;
        }
        Session session = client.session();
        while (!stash.isEmpty()) {
            if (session.pendingBytes() > BACKLOG_BYTES) {
                drainScheduled = true;
                session.whenWritable(this::drain);
                return;
            }
            session.write(stash.pollFirst());
        }
        stash = null;
    }

    /** Frames dropped for this member by its room's slow-consumer policy. */
    long dropped() {
        return dropped;
    }

    /**
     * Ends a pending join: the client has the room up to {@code offset} of {@code epoch} (null for
     * a room without history); frames held back meanwhile follow, minus what it already has.
     */
    void release(long offset, String epoch) {
        release(offset, epoch, null);
    }

    /**
     * {@link #release(long, String)} for a feed's member that was just given the feed's latest item,
     * {@code written} (null: none). The hub records an item as the latest before it hands it to the
     * lanes, so every item held back meanwhile is that one or an older one: they are all dropped.
     * When {@code written} was not among them it may still be on its way here, and its live copy is
     * passed over if it comes next.
     */
    void release(long offset, String epoch, Frame written) {
        if (epoch != null) {
            this.lastOffset = offset;
            this.epoch = epoch;
        }
        List<Frame> held = pending;
        pending = null;
        if (written != null) {
            given = held == null || held.stream().noneMatch(frame -> frame == written) ? written : null;
            return;
        }
        if (held != null) {
            for (Frame frame : held) {
                pass(frame);
            }
        }
    }

    /** Writes a replayed message and counts it as passed on. */
    void replay(Frame frame) {
        client.session().write(frame);
    }
}
