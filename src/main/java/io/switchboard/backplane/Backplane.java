package io.switchboard.backplane;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.switchboard.protocol.Frame;

/**
 * The seam every delivery and every piece of shared state goes through, so that one instance and
 * many instances behave the same to clients.
 *
 * <p>Guarantees every implementation gives:
 * <ul>
 * <li>{@link #publish} reaches the listener of every node, this node's included, at most once;
 * frames published by one caller for one target arrive at each node in the order they were
 * published. Nothing is retried: a node that is down misses what was published meanwhile.</li>
 * <li>Client ids from {@link #nextClientId()} are unique across every node sharing the backplane.</li>
 * <li>Presence ({@link #join}, {@link #leave}, {@link #members}) is the union over all nodes.</li>
 * <li>Methods start their work when called; the returned {@link Uni} only reports the outcome and
 * may be ignored. None of them blocks the caller.</li>
 * </ul>
 */
public interface Backplane {

    /** A name unique to this node, used to drop its own echoes. */
    String nodeId();

    /** Registers the single listener for deliveries; called once, before any other method. */
    void start(BackplaneListener listener);

    /** A new client id, unique across the cluster. */
    Uni<Long> nextClientId();

    /** Delivers {@code frame} for {@code target} to every node. */
    Uni<Void> publish(Target target, Frame frame);

    /** Records {@code client} as present in {@code room}. */
    Uni<Void> join(String room, long client);

    /** Removes {@code client} from {@code room}'s presence. */
    Uni<Void> leave(String room, long client);

    /** The clients present in {@code room}, ascending; empty for an unknown room. */
    Uni<List<Long>> members(String room);

    /** Whether {@code client} is present in {@code room}. */
    Uni<Boolean> isMember(String room, long client);
}
