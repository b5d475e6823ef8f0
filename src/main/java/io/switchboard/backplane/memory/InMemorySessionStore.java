package io.switchboard.backplane.memory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.SessionStore;

/**
 * The single-instance session store: records in this JVM's memory, gone with it. Expired records
 * are dropped when read and swept every {@value #SWEEP_EVERY} writes, so memory stays bounded by
 * the records written within one expiry time.
 */
public final class InMemorySessionStore implements SessionStore {
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();
    static final int SWEEP_EVERY = 1024;

    private record Entry(byte[] record, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> records = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final LongSupplier nanoTime;

    public InMemorySessionStore() {
        this(System::nanoTime);
    }

    /** A store reading time from {@code nanoTime} (a monotonic clock in nanoseconds). */
    public InMemorySessionStore(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public Uni<Void> put(String id, byte[] record, Duration ttl) {
        records.put(id, new Entry(record, deadline(ttl)));
        if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
            long now = nanoTime.getAsLong();
            records.values().removeIf(e -> expired(e, now));
        }
        return DONE;
    }

    @Override
    public Uni<Void> expire(String id, Duration ttl) {
        long deadline = deadline(ttl);
        long now = nanoTime.getAsLong();
        records.computeIfPresent(id, (k, e) -> expired(e, now) ? null : new Entry(e.record(), deadline));
        return DONE;
    }

    @Override
    public Uni<byte[]> take(String id) {
        Entry e = records.remove(id);
        return Uni.createFrom().item(e == null || expired(e, nanoTime.getAsLong()) ? null : e.record());
    }

    @Override
    public Uni<Void> remove(String id) {
        records.remove(id);
        return DONE;
    }

    /** Records held, expired ones not yet swept included. */
    int size() {
        return records.size();
    }

    private long deadline(Duration ttl) {
        return nanoTime.getAsLong() + ttl.toNanos();
    }

    private static boolean expired(Entry e, long now) {
        return now - e.expiresAt() >= 0;
    }
}
