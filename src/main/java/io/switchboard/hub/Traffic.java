package io.switchboard.hub;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this node's hub has seen, for statistics and metrics: connections by transport, frames in,
 * deliveries out, joins, dropped volatile frames, fan-out sizes and backplane round trips.
 *
 * <p>Counting stays off the per-recipient path: deliveries are added once per lane task (one
 * {@link LongAdder#add} for all of a lane's recipients of a frame), fan-out once per publish.
 * {@link LongAdder}s spread contention over cells, so event loops counting at once do not fight
 * over one cache line, and nothing here allocates after a transport's first connection. Readers
 * (metrics scrapes, the stats API) sum the adders when asked.
 */
public final class Traffic {

    /** A backplane operation whose round trip is timed. */
    public enum Operation {
        /** A kept room message: offset, history and delivery in one step. */
        PUBLISH,
        /** A join: presence, the room's stream read and, when asked for, the member list. */
        JOIN
    }

    /** Receives what is recorded per event rather than summed, for distributions. */
    public interface Recorder {
        /** Records nothing. */
        Recorder NONE = new Recorder() {
        };

        /** A transport name was seen for the first time. */
        default void transport(String name) {
        }

        /** A frame was handed to {@code recipients} local members of a room. */
        default void fanOut(int recipients) {
        }

        /** A backplane operation took {@code nanos} from call to reply. */
        default void roundTrip(Operation operation, long nanos) {
        }
    }

    private final ConcurrentHashMap<String, LongAdder> connections = new ConcurrentHashMap<>();
    private final LongAdder received = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder joins = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean counting = true;
    private volatile Recorder recorder = Recorder.NONE;

    /**
     * Turns the per-frame counters (frames in and out, fan-out, drops, round trips) on or off.
     * Connections and joins are always counted.
     */
    public void counting(boolean on) {
        counting = on;
    }

    /** Sets the one recorder of distributions, and tells it the transports seen so far. */
    public void recorder(Recorder recorder) {
        this.recorder = recorder;
        connections.keySet().forEach(recorder::transport);
    }

    // ---- recording (hub) -------------------------------------------------------------------------

    void onConnected(String transport) {
        LongAdder count = connections.get(transport);
        if (count == null) {
            count = connections.computeIfAbsent(transport, name -> {
                recorder.transport(name);
                return new LongAdder();
            });
        }
        count.increment();
    }

    void onDisconnected(String transport) {
        LongAdder count = connections.get(transport);
        if (count != null) {
            count.decrement();
        }
    }

    void onReceived() {
        if (counting) {
            received.increment();
        }
    }

    void onJoined() {
        joins.increment();
    }

    void onDelivered(int frames) {
        if (counting && frames > 0) {
            delivered.add(frames);
        }
    }

    void onFanOut(int recipients) {
        if (counting) {
            recorder.fanOut(recipients);
        }
    }

    void onDropped() {
        if (counting) {
            dropped.increment();
        }
    }

    /** The time of a backplane call that started at {@code startNanos} ({@link System#nanoTime()}). */
    void onRoundTrip(Operation operation, long startNanos) {
        if (counting) {
            recorder.roundTrip(operation, System.nanoTime() - startNanos);
        }
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** Open connections (hub clients and raw relay sockets) by {@link Session#transport()}. */
    public Map<String, Long> connections() {
        Map<String, Long> counts = new TreeMap<>();
        connections.forEach((name, count) -> counts.put(name, count.sum()));
        return Collections.unmodifiableMap(counts);
    }

    /** Open connections of {@code transport}. */
    public long connections(String transport) {
        LongAdder count = connections.get(transport);
        return count == null ? 0 : count.sum();
    }

    /** Frames received from clients: hub requests and raw relay frames. */
    public long received() {
        return received.sum();
    }

    /** Frames handed to recipients on this node: room messages, broadcasts, notices, directs. */
    public long delivered() {
        return delivered.sum();
    }

    /** Memberships started by {@code join} (the lobby excluded). */
    public long joins() {
        return joins.sum();
    }

    /** Volatile frames dropped for a recipient whose socket was backed up. */
    public long dropped() {
        return dropped.sum();
    }
}
