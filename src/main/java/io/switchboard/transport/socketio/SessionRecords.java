package io.switchboard.transport.socketio;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.SessionStore;

/**
 * The records of recoverable Socket.IO sessions in the {@link SessionStore}, kept for
 * recovery-window after their connection ends. A record is written when it changes (rooms joined
 * or left), its expiry pushed every half window while the socket is connected and once more when it
 * disconnects, so a session survives the crash of the node that served it. Failures to write are
 * logged: the session is then just not recoverable.
 */
final class SessionRecords {
    private static final Logger LOG = Logger.getLogger(SessionRecords.class);
    private static final String PREFIX = "socket.io/";

    private final SessionStore store;
    private final Duration window;

    SessionRecords(SessionStore store, Duration window) {
        this.store = store;
        this.window = window;
    }

    /** How long a record outlives its connection. */
    Duration window() {
        return window;
    }

    /** Every how often a connected socket pushes its record's expiry. */
    Duration refresh() {
        return window.dividedBy(2);
    }

    /** The record of {@code pid}, removed from the store (null: none). */
    Uni<byte[]> take(String pid) {
        return store.take(PREFIX + pid);
    }

    void save(RecoveryState state) {
        report(store.put(PREFIX + state.pid(), state.record(), window), "store", state.pid());
    }

    void touch(String pid) {
        report(store.expire(PREFIX + pid, window), "refresh", pid);
    }

    void forget(String pid) {
        report(store.remove(PREFIX + pid), "remove", pid);
    }

    private static void report(Uni<Void> write, String what, String pid) {
        write.subscribe().with(ok -> {
        }, failure -> LOG.warnf("could not %s the Socket.IO session %s: %s", what, pid, failure.getMessage()));
    }
}
