package io.switchboard.backplane.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.switchboard.backplane.BackplaneListener;
import io.switchboard.backplane.Publication;
import io.switchboard.backplane.RoomView;
import io.switchboard.backplane.StateLimitException;
import io.switchboard.backplane.StreamSettings;
import io.switchboard.backplane.Target;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Frames;
import io.switchboard.protocol.Position;

/**
 * Every room's stream in this JVM: epoch, last offset, the kept messages (each the frame that went
 * out, held once) and the state. One lock per room makes "take an offset, keep, deliver" atomic,
 * so the listener sees a room's messages in offset order. A sweeper drops expired messages and
 * forgets rooms that stayed empty and unchanged for the TTL.
 */
final class RoomStreams implements AutoCloseable {
    private static final byte[] EMPTY_STATE = {'{', '}'};

    private final StreamSettings settings;
    private final long ttlNanos;
    private final Predicate<String> occupied;
    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final ScheduledExecutorService sweeper;

    /**
     * @param occupied whether a room has members (an occupied room's epoch is never forgotten)
     */
    RoomStreams(StreamSettings settings, Predicate<String> occupied) {
        this.settings = settings;
        this.ttlNanos = settings.historyTtl().toNanos();
        this.occupied = occupied;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-history-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(10_000, settings.historyTtl().toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    Position append(Publication p, BackplaneListener listener) {
        while (true) {
            Stream s = stream(p.room());
            synchronized (s) {
                if (s.forgotten) {
                    continue;
                }
                long now = System.nanoTime();
                long offset = ++s.offset;
                Frame frame = Frames.message(p.room(), p.from(), offset, s.epoch, p.payload());
                s.keep(frame, now);
                s.touched = now;
                listener.deliver(Target.room(p.room()), frame);
                return new Position(offset, s.epoch);
            }
        }
    }

    RoomView view(String room, boolean history, Position since, int last) {
        while (true) {
            Stream s = stream(room);
            synchronized (s) {
                if (s.forgotten) {
                    continue;
                }
                byte[] state = s.state.isEmpty() ? EMPTY_STATE : Frames.stateObject(s.state);
                if (!history) {
                    return new RoomView(null, List.of(), false, state);
                }
                s.expire(System.nanoTime());
                boolean recovered = since != null && s.holdsEverythingAfter(since);
                List<Frame> replay = recovered ? s.after(since.offset()) : last > 0 ? s.latest(last) : List.of();
                return new RoomView(new Position(s.offset, s.epoch), replay, recovered, state);
            }
        }
    }

    void set(String room, String key, byte[] value, BackplaneListener listener) {
        while (true) {
            Stream s = stream(room);
            synchronized (s) {
                if (s.forgotten) {
                    continue;
                }
                if (value != null && !s.state.containsKey(key) && s.state.size() >= settings.maxStateKeys()) {
                    throw new StateLimitException(room, settings.maxStateKeys());
                }
                byte[] old = value == null ? s.state.remove(key) : s.state.put(key, value);
                bytes.addAndGet((value == null ? 0 : value.length + key.length()) - (old == null ? 0 : old.length + key.length()));
                s.touched = System.nanoTime();
                listener.deliver(Target.room(room), Frames.state(room, key, value));
                return;
            }
        }
    }

    long bytes() {
        return bytes.get();
    }

    private Stream stream(String room) {
        return streams.computeIfAbsent(room, r -> new Stream());
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, Stream>> it = streams.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Stream> e = it.next();
            Stream s = e.getValue();
            synchronized (s) {
                s.expire(now);
                if (s.kept.isEmpty() && now - s.touched >= ttlNanos && !occupied.test(e.getKey())) {
                    s.forgotten = true;
                    bytes.addAndGet(-s.stateBytes());
                    it.remove();
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /** One room's stream; every field is guarded by the stream's monitor. */
    private final class Stream {
        final String epoch = UUID.randomUUID().toString().substring(0, 8);
        final ArrayDeque<Kept> kept = new ArrayDeque<>();
        final Map<String, byte[]> state = new LinkedHashMap<>();
        long offset;
        long touched = System.nanoTime();
        boolean forgotten;

        void keep(Frame frame, long now) {
            if (settings.historySize() <= 0) {
                return;
            }
            kept.addLast(new Kept(frame, now));
            bytes.addAndGet(frame.length());
            while (kept.size() > settings.historySize()) {
                bytes.addAndGet(-kept.removeFirst().frame.length());
            }
        }

        void expire(long now) {
            while (!kept.isEmpty() && now - kept.peekFirst().at >= ttlNanos) {
                bytes.addAndGet(-kept.removeFirst().frame.length());
            }
        }

        /** Same epoch, not ahead of us, and no message after {@code since} dropped yet. */
        boolean holdsEverythingAfter(Position since) {
            if (!epoch.equals(since.epoch()) || since.offset() > offset) {
                return false;
            }
            long oldest = kept.isEmpty() ? offset + 1 : kept.peekFirst().frame.offset();
            return since.offset() >= oldest - 1;
        }

        List<Frame> after(long since) {
            List<Frame> out = new ArrayList<>((int) Math.min(kept.size(), offset - since));
            for (Kept k : kept) {
                if (k.frame.offset() > since) {
                    out.add(k.frame);
                }
            }
            return out;
        }

        List<Frame> latest(int count) {
            List<Frame> out = new ArrayList<>(Math.min(count, kept.size()));
            int skip = kept.size() - Math.min(count, kept.size());
            for (Kept k : kept) {
                if (skip-- <= 0) {
                    out.add(k.frame);
                }
            }
            return out;
        }

        long stateBytes() {
            long n = 0;
            for (Map.Entry<String, byte[]> e : state.entrySet()) {
                n += e.getKey().length() + e.getValue().length;
            }
            return n;
        }
    }

    private record Kept(Frame frame, long at) {
    }
}
