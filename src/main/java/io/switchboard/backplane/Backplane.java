package io.switchboard.backplane;

import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Position;

/**
 * The seam every delivery and every piece of shared state goes through, so that one instance and
 * many instances behave the same to clients.
 *
 * <p>Guarantees every implementation gives:
 * <ul>
 * <li>{@link #publish(Target, Frame)} reaches the listener of every node, this node's included,
 * at most once (room frames at least on every node that {@linkplain #hearing hears} the room);
 * frames published by one caller for one target arrive at each node in the order they were
 * published, and a node's listener has its own copy of a room frame before the returned
 * {@link Uni} completes. Nothing is retried: a node that is down misses what was published
 * meanwhile (room messages kept in history can be recovered from it).</li>
 * <li>Client ids from {@link #nextClientId()} are unique across every node sharing the backplane,
 * and increase.</li>
 * <li>Presence ({@link #join}, {@link #leave}, {@link #members}) is the union over all nodes.
 * When {@link #join} completes, this node receives everything published to the room after
 * that point.</li>
 * <li>Room streams: {@link #publish(Publication)} gives a room message the next offset of the
 * room's history and delivers it in one atomic step, so offsets increase by one without gaps or
 * duplicates whichever node publishes, and every node receives a room's kept messages in offset
 * order. State changes ({@link #setState}) go through the same step and are ordered with the
 * messages. {@link #view} reads a consistent point of the stream.</li>
 * <li>A room's epoch changes whenever its history is lost (restart of an in-memory backplane,
 * expiry of an idle room), so an offset of one history is never taken for another's. History keeps
 * the last {@link StreamSettings#historySize()} messages no older than
 * {@link StreamSettings#historyTtl()}.</li>
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

    /** Delivers {@code frame} for {@code target} to every node. Not kept, no offset. */
    Uni<Void> publish(Target target, Frame frame);

    /** Records {@code client} as present in {@code room}, and makes sure this node hears the room. */
    Uni<Void> join(String room, long client);

    /** Removes {@code client} from {@code room}'s presence. */
    Uni<Void> leave(String room, long client);

    /** The clients present in {@code room}, ascending; empty for an unknown room. */
    Uni<List<Long>> members(String room);

    /** Whether {@code client} is present in {@code room}. */
    Uni<Boolean> isMember(String room, long client);

    /**
     * Appends a message to its room's history and delivers it to every node as a
     * {@link Target#room(String)} frame carrying its offset.
     *
     * @return where the message landed
     */
    Uni<Position> publish(Publication publication);

    /**
     * Reads {@code room}'s stream at one point.
     *
     * @param history whether the room keeps history (if not, the view has no position and no replay)
     * @param since the position a resuming client last saw, or null; every kept message after it is
     *        replayed when the epoch matches and none of them is lost
     * @param last how many of the latest messages to replay (0 for none) when there is no
     *        {@code since}, or when {@code since} cannot be recovered (so a client resyncs in one step)
     */
    Uni<RoomView> view(String room, boolean history, Position since, int last);

    /**
     * Sets ({@code value} non-null, raw JSON) or removes ({@code value} null) {@code key} of
     * {@code room}'s state and delivers the change ({@code {"type":"state",...}}) to every node,
     * ordered with the room's messages. Fails with {@link StateLimitException} for a new key in a
     * room that holds {@link StreamSettings#maxStateKeys()} keys.
     */
    Uni<Void> setState(String room, String key, byte[] value);

    /**
     * Rooms that have members on any node, in name order: up to {@code limit} names after
     * {@code after} (null: from the start).
     */
    Uni<List<String>> rooms(String after, int limit);

    /**
     * Closes {@code client}'s connection, on whichever node holds it, with {@code reason}; the
     * listener's {@link BackplaneListener#kick} runs on every node.
     */
    Uni<Void> kick(long client, String reason);

    /**
     * Whether the shared parts (the servers behind the backplane) are reachable right now; a node
     * that cannot reach them keeps serving its own clients but should not receive new ones.
     */
    default boolean reachable() {
        return true;
    }

    /**
     * Records that {@code client} belongs to {@code user} (its token's subject), so presence on
     * every node can show it; {@code user} null forgets the client. Anonymous clients are never
     * recorded. Like presence, the record lives as long as the client is connected.
     */
    default Uni<Void> identify(long client, String user) {
        return Uni.createFrom().voidItem();
    }

    /** The users of those of {@code clients} that have one (see {@link #identify}). */
    default Uni<Map<Long, String>> users(List<Long> clients) {
        return Uni.createFrom().item(Map.of());
    }

    /** Bytes of history this node holds in its own memory (0 where history lives elsewhere). */
    default long localHistoryBytes() {
        return 0;
    }

    /**
     * This node gained its first local recipient in {@code room} ({@code true}) or lost its last
     * ({@code false}); raw relay rooms and feed rooms included. A backplane that routes by room
     * starts or stops hearing it here; {@link #join} completes only once the room is heard. Calls
     * for one room come in order; they must be quick and never block.
     */
    default void hearing(String room, boolean hear) {
    }

    /**
     * Competes for the cluster-wide leadership named {@code name}: at most one node at a time is
     * told {@link Leader#elected()}; when it stops leading (it cancelled, lost its lease or its
     * connection) it is told {@link Leader#deposed()}, and another competitor takes over. A
     * single node is elected at once.
     *
     * @return cancels the candidacy (deposing this node if it leads)
     */
    default Runnable lead(String name, Leader leader) {
        leader.elected();
        return leader::deposed;
    }

    /** Told when this node starts and stops leading; called on any thread, must not block. */
    interface Leader {
        void elected();

        void deposed();
    }
}
