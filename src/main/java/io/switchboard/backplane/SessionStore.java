package io.switchboard.backplane;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * Records of connections that may be resumed after they drop (Socket.IO connection state recovery),
 * shared by every node the way the {@link Backplane} is, so a client may resume on any of them.
 * A record is an opaque byte string under an unguessable id; its owner decides what it holds.
 *
 * <p>Guarantees every implementation gives:
 * <ul>
 * <li>A record expires {@code ttl} after the last {@link #put} or {@link #expire} of it, and is
 * never returned after that; an implementation may free its memory later.</li>
 * <li>{@link #take} returns a record at most once: of two takes racing for one id, one gets it.</li>
 * <li>Writes of one id by one caller take effect in the order they were made.</li>
 * <li>Methods start their work when called; the returned {@link Uni} only reports the outcome and
 * may be ignored. None of them blocks the caller.</li>
 * </ul>
 * Nothing is kept across a restart of an in-memory store.
 */
public interface SessionStore {

    /** Stores {@code record} under {@code id}, replacing any record there, for {@code ttl}. */
    Uni<Void> put(String id, byte[] record, Duration ttl);

    /** Makes the record under {@code id} (if any) expire {@code ttl} from now. */
    Uni<Void> expire(String id, Duration ttl);

    /** Removes the record under {@code id} and returns it; null when there is none (or it expired). */
    Uni<byte[]> take(String id);

    /** Removes the record under {@code id}, if any. */
    Uni<Void> remove(String id);
}
