package io.switchboard.backplane.redis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Position;

/**
 * Keeps a node's kept room messages gapless: it remembers the last offset delivered per heard
 * room, and when a message arrives past a gap (the pub/sub link was lost for a moment while others
 * published), it holds the room's live messages back, reads the missed ones from the room's stream
 * and delivers them first. What the stream no longer holds stays missing (members then see the
 * offsets jump and may resume). Confined to one shard's pub/sub context.
 */
final class Sequencer {
    /** Live messages one room may hold back while its gap is read; past it, delivery goes on in order. */
    static final int MAX_HELD = 10_000;

    /** Reads the kept messages after a position, oldest first; empty when they are gone. */
    interface Reader {
        CompletableFuture<List<Frame>> after(String room, Position position);
    }

    private static final class Track {
        long offset;
        String epoch;
        List<Frame> held;

        Track(Frame f) {
            offset = f.offset();
            epoch = f.epoch();
        }
    }

    private final Map<String, Track> rooms = new HashMap<>();
    private final Reader reader;
    private final Consumer<Runnable> onContext;

    Sequencer(Reader reader, Consumer<Runnable> onContext) {
        this.reader = reader;
        this.onContext = onContext;
    }

    /** Passes {@code f} (a kept message of {@code room}) to {@code deliver} in offset order. */
    void offer(String room, Frame f, Consumer<Frame> deliver) {
        Track t = rooms.get(room);
        if (t == null) {
            rooms.put(room, new Track(f));
            deliver.accept(f);
            return;
        }
        if (t.held != null) {
            t.held.add(f);
            if (t.held.size() >= MAX_HELD) {
                release(t, deliver);
            }
            return;
        }
        if (!f.epoch().equals(t.epoch) || f.offset() == t.offset + 1) {
            t.offset = f.offset();
            t.epoch = f.epoch();
            deliver.accept(f);
        } else if (f.offset() > t.offset + 1) {
            t.held = new ArrayList<>();
            t.held.add(f);
            fill(room, t, deliver);
        }
        // else: already delivered
    }

    /** Reads what {@code room} missed since its last delivered offset (after a reconnect). */
    void catchUp(String room, Consumer<Frame> deliver) {
        Track t = rooms.get(room);
        if (t != null && t.held == null) {
            t.held = new ArrayList<>();
            fill(room, t, deliver);
        }
    }

    /** Forgets {@code room}: this node stopped hearing it. */
    void forget(String room) {
        rooms.remove(room);
    }

    private void fill(String room, Track t, Consumer<Frame> deliver) {
        reader.after(room, new Position(t.offset, t.epoch)).whenComplete((missed, failure) -> onContext.accept(() -> {
            if (rooms.get(room) != t) {
                return;
            }
            if (missed != null) {
                for (Frame f : missed) {
                    pass(t, f, deliver);
                }
            }
            release(t, deliver);
        }));
    }

    private static void release(Track t, Consumer<Frame> deliver) {
        List<Frame> held = t.held;
        t.held = null;
        held.sort(Comparator.comparing(Frame::epoch, (a, b) -> a.equals(t.epoch) ? (b.equals(t.epoch) ? 0 : -1) : b.equals(t.epoch) ? 1 : 0)
                .thenComparingLong(Frame::offset));
        for (Frame f : held) {
            pass(t, f, deliver);
        }
    }

    private static void pass(Track t, Frame f, Consumer<Frame> deliver) {
        if (f.epoch().equals(t.epoch) && f.offset() <= t.offset) {
            return;
        }
        t.offset = f.offset();
        t.epoch = f.epoch();
        deliver.accept(f);
    }
}
