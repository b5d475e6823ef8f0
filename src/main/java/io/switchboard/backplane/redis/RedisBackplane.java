package io.switchboard.backplane.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.Backplane;
import io.switchboard.backplane.BackplaneListener;
import io.switchboard.backplane.Publication;
import io.switchboard.backplane.RoomView;
import io.switchboard.backplane.StateLimitException;
import io.switchboard.backplane.StreamSettings;
import io.switchboard.backplane.Target;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Frames;
import io.switchboard.protocol.Position;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The backplane for many instances: rooms, presence, history and state live in Redis, and frames
 * travel over Redis pub/sub, one message per publish whatever the number of recipients. Each node
 * builds a received frame once and hands it to its hub, which fans it out to its local members.
 *
 * <p>Rooms are spread over one or more independent Redis servers (shards) by a consistent hash of
 * the room name; a room's keys and channel live on its shard, so every step about one room is one
 * atomic script on one Redis. The first shard also holds client ids, leases and the cluster
 * channel (frames for one client or for everybody, kicks).
 *
 * <p>A node hears a room's channel while it has local members there; the lobby's and the cluster
 * channel are always heard. Nodes register with a heartbeat on every shard; a node that misses
 * them for {@code nodeTimeout} is declared dead by whichever node notices first, which removes its
 * clients from presence and announces them gone ({@code room:left}, {@code client:disconnected}).
 *
 * <p>While a shard is unreachable, frames that are not kept are delivered to this node's own
 * members only; kept messages, state, presence and views of that shard fail (the hub answers
 * {@code unavailable}); the links reconnect with backoff, subscribe again and re-announce this
 * node's presence.
 */
public final class RedisBackplane implements Backplane, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisBackplane.class);
    /** The hub's lobby: every client is in it, so its channel is always heard. */
    static final String LOBBY = "lobby";

    /**
     * Timing and naming.
     *
     * @param prefix prefix of every key and channel
     * @param heartbeatInterval how often the node renews its registration and checks its links
     * @param nodeTimeout how long a silent node lives on before it is declared dead
     * @param feedLease how long a leader holds its lease (renewed three times per lease)
     * @param reconnectMaxDelay longest wait between two reconnection attempts
     */
    public record Options(String prefix, Duration heartbeatInterval, Duration nodeTimeout, Duration feedLease,
            Duration reconnectMaxDelay) {
        public static final Options DEFAULTS = new Options("sb", Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    private final String nodeId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final StreamSettings settings;
    private final Options options;
    private final Vertx vertx;
    private final Keys keys;
    private final Shard[] shards;
    private final Sequencer[] sequencers;
    /** This node's memberships, to re-announce them after Redis forgot them. */
    private final Map<String, Set<Long>> local = new ConcurrentHashMap<>();
    private final boolean[] registered;
    private final Set<Candidacy> candidacies = ConcurrentHashMap.newKeySet();
    private volatile BackplaneListener listener;
    private long heartbeatTimer = -1;

    /**
     * @param clients one Vert.x Redis client per shard, the first one first
     */
    public RedisBackplane(Vertx vertx, List<Redis> clients, List<String> names, StreamSettings settings, Options options) {
        this.vertx = vertx;
        this.settings = settings;
        this.options = options;
        this.keys = new Keys(options.prefix());
        this.shards = new Shard[clients.size()];
        this.registered = new boolean[clients.size()];
        this.sequencers = new Sequencer[clients.size()];
        Shard.Receiver receiver = new Shard.Receiver() {
            @Override
            public void received(Shard shard, String channel, byte[] message) {
                RedisBackplane.this.received(shard, message);
            }

            @Override
            public void subscribed(Shard shard, String channel) {
                String room = keys.roomOf(channel);
                if (room != null) {
                    sequencers[shard.index].catchUp(room, frame -> listener.deliver(Target.room(room), frame));
                }
            }

            @Override
            public void unsubscribed(Shard shard, String channel) {
                String room = keys.roomOf(channel);
                if (room != null) {
                    sequencers[shard.index].forget(room);
                }
            }
        };
        for (int i = 0; i < shards.length; i++) {
            Shard s = new Shard(i, names.get(i), vertx, clients.get(i), options.reconnectMaxDelay(), receiver);
            shards[i] = s;
            sequencers[i] = new Sequencer(this::missed, s.pubsub::execute);
        }
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(BackplaneListener listener) {
        this.listener = listener;
        for (Shard s : shards) {
            s.start();
        }
        shard(LOBBY).want(keys.channel(LOBBY), true, true);
        shards[0].want(keys.cluster, true, true);
        heartbeatTimer = vertx.setPeriodic(options.heartbeatInterval().toMillis(), t -> heartbeat());
        vertx.setTimer(50, t -> heartbeat());
    }

    private Shard shard(String room) {
        return shards[Keys.shard(room, shards.length)];
    }

    @Override
    public boolean reachable() {
        for (Shard s : shards) {
            if (!s.up()) {
                return false;
            }
        }
        return true;
    }

    // ---- ids, presence --------------------------------------------------------------------------

    @Override
    public Uni<Long> nextClientId() {
        return uni(shards[0].send(Request.cmd(Command.INCR).arg(keys.ids)).thenApply(Response::toLong));
    }

    @Override
    public void hearing(String room, boolean hear) {
        if (!LOBBY.equals(room)) {
            shard(room).want(keys.channel(room), hear, false);
        }
    }

    @Override
    public Uni<Void> join(String room, long client) {
        local.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(client);
        Shard s = shard(room);
        CompletableFuture<Void> heard = s.heard(keys.channel(room));
        CompletableFuture<Response> present = present(s, room, client);
        return uni(CompletableFuture.allOf(heard, present));
    }

    private CompletableFuture<Response> present(Shard s, String room, long client) {
        return s.eval(Script.JOIN, List.of(keys.presence(room), keys.nodeClients(room, nodeId), keys.nodeRooms(nodeId),
                keys.rooms, keys.meta(room), keys.state(room)), List.of(client, room), null, false);
    }

    @Override
    public Uni<Void> leave(String room, long client) {
        local.computeIfPresent(room, (r, set) -> {
            set.remove(client);
            return set.isEmpty() ? null : set;
        });
        return uni(shard(room).eval(Script.LEAVE, List.of(keys.presence(room), keys.nodeClients(room, nodeId),
                keys.nodeRooms(nodeId), keys.rooms, keys.meta(room), keys.state(room)),
                List.of(client, room, ttlMs()), null, false).thenApply(r -> null));
    }

    @Override
    public Uni<List<Long>> members(String room) {
        return uni(shard(room).send(Request.cmd(Command.ZRANGE).arg(keys.presence(room)).arg(0).arg(-1)).thenApply(r -> {
            List<Long> ids = new ArrayList<>(r.size());
            for (Response id : r) {
                ids.add(id.toLong());
            }
            return ids;
        }));
    }

    @Override
    public Uni<Boolean> isMember(String room, long client) {
        return uni(shard(room).send(Request.cmd(Command.ZSCORE).arg(keys.presence(room)).arg(client))
                .thenApply(r -> r != null));
    }

    @Override
    public Uni<List<String>> rooms(String after, int limit) {
        List<CompletableFuture<Response>> pages = new ArrayList<>();
        for (Shard s : shards) {
            pages.add(s.send(Request.cmd(Command.ZRANGEBYLEX).arg(keys.rooms).arg(after == null ? "-" : "(" + after)
                    .arg("+").arg("LIMIT").arg(0).arg(limit)));
        }
        return uni(CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply(v -> {
            TreeSet<String> names = new TreeSet<>();
            for (CompletableFuture<Response> page : pages) {
                for (Response name : page.join()) {
                    names.add(name.toString());
                }
            }
            return names.stream().limit(limit).toList();
        }));
    }

    // ---- delivery ---------------------------------------------------------------------------------

    @Override
    public Uni<Void> publish(Target target, Frame frame) {
        boolean room = target.kind() == Target.Kind.ROOM;
        Shard s = room ? shard(target.room()) : shards[0];
        String channel = room ? keys.channel(target.room()) : keys.cluster;
        if (!s.commands.up()) {
            // Redis is away: this node's own members still get what is not kept.
            listener.deliver(target, frame);
            return Uni.createFrom().voidItem();
        }
        return uni(s.send(n -> Request.cmd(Command.PUBLISH).arg(channel).arg(Envelope.frame(nodeId, n, target, frame)),
                s.hears(channel)).thenApply(r -> null));
    }

    @Override
    public Uni<Void> kick(long client, String reason) {
        if (!shards[0].commands.up()) {
            listener.kick(client, reason);
            return Uni.createFrom().voidItem();
        }
        return uni(shards[0].send(n -> Request.cmd(Command.PUBLISH).arg(keys.cluster).arg(Envelope.kick(nodeId, n, client, reason)),
                true).thenApply(r -> null));
    }

    /** A message on a subscribed channel of {@code shard}, on its pub/sub context. */
    private void received(Shard shard, byte[] message) {
        Envelope e = Envelope.parse(message);
        switch (e.type()) {
            case 'K' -> listener.kick(e.client(), e.reason());
            case 'M' -> sequencers[shard.index].offer(e.target().room(), e.frame(), frame -> listener.deliver(e.target(), frame));
            default -> listener.deliver(e.target(), e.frame());
        }
        if (nodeId.equals(e.origin())) {
            shard.ownMessage(e.seq());
        }
    }

    // ---- room streams -----------------------------------------------------------------------------

    private static String newEpoch() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
    }

    private long ttlMs() {
        return settings.historyTtl().toMillis();
    }

    @Override
    public Uni<Position> publish(Publication p) {
        String room = p.room();
        Shard s = shard(room);
        String channel = keys.channel(room);
        LongFunction<Object> head = n -> Envelope.messageHead(nodeId, n, room);
        // The script's last three arguments: the envelope head (with this node's sequence
        // number), from and payload; the head goes before them.
        return uni(s.send(n -> {
            Request r = Request.cmd(Command.EVALSHA).arg(Script.PUBLISH.sha).arg(4)
                    .arg(keys.meta(room)).arg(keys.stream(room)).arg(keys.state(room)).arg(keys.presence(room))
                    .arg(newEpoch()).arg(settings.historySize()).arg(ttlMs()).arg(channel);
            Shard.arg(r, head.apply(n));
            return r.arg(p.from()).arg(p.payload());
        }, s.hears(channel)).thenApply(r -> new Position(r.get(0).toLong(), r.get(1).toString())));
    }

    @Override
    public Uni<RoomView> view(String room, boolean history, Position since, int last) {
        return uni(shard(room).eval(Script.VIEW, List.of(keys.meta(room), keys.stream(room), keys.state(room), keys.presence(room)),
                List.of(newEpoch(), ttlMs(), history ? 1 : 0, since == null ? -1 : since.offset(),
                        since == null || since.epoch() == null ? "" : since.epoch(), last, settings.historySize()),
                null, false).thenApply(r -> view(room, history, r)));
    }

    private static RoomView view(String room, boolean history, Response r) {
        String epoch = r.get(0).toString();
        long offset = r.get(1).toLong();
        boolean recovered = r.get(2).toLong() == 1;
        Map<String, byte[]> state = new LinkedHashMap<>();
        Response fields = r.get(3);
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            state.put(fields.get(i).toString(), fields.get(i + 1).toBytes());
        }
        byte[] stateJson = state.isEmpty() ? new byte[] {'{', '}'} : Frames.stateObject(state);
        if (!history) {
            return new RoomView(null, List.of(), false, stateJson);
        }
        Response entries = r.get(4);
        List<Frame> replay = new ArrayList<>(entries.size() / 3);
        for (int i = 0; i + 2 < entries.size(); i += 3) {
            replay.add(Frames.message(room, entries.get(i + 1).toString(), entries.get(i).toLong(), epoch,
                    entries.get(i + 2).toBytes()));
        }
        return new RoomView(new Position(offset, epoch), replay, recovered, stateJson);
    }

    /** The kept messages of {@code room} after {@code position}, if the stream still holds them all. */
    private CompletableFuture<List<Frame>> missed(String room, Position position) {
        return view(room, true, position, 0).map(v -> v.recovered() ? v.replay() : List.<Frame>of())
                .subscribeAsCompletionStage();
    }

    @Override
    public Uni<Void> setState(String room, String key, byte[] value) {
        Shard s = shard(room);
        String channel = keys.channel(room);
        Frame frame = Frames.state(room, key, value);
        return uni(s.eval(Script.STATE, List.of(keys.meta(room), keys.state(room), keys.presence(room)),
                List.of(newEpoch(), key, value == null ? new byte[0] : value, value == null ? 0 : 1, settings.maxStateKeys(),
                        ttlMs(), channel),
                n -> Envelope.frame(nodeId, n, Target.room(room), frame), s.hears(channel))
                .handle((r, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                        if (cause != null && cause.getMessage() != null && cause.getMessage().startsWith("SBLIMIT")) {
                            throw new StateLimitException(room, settings.maxStateKeys());
                        }
                        throw failure instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(failure);
                    }
                    return null;
                }));
    }

    // ---- nodes ----------------------------------------------------------------------------------

    /** Renews this node's registration on every shard, re-announces what a shard forgot, reaps dead nodes. */
    private void heartbeat() {
        for (Shard s : shards) {
            if (!s.commands.up()) {
                continue;
            }
            // A reply that does not come for this long means a dead connection the socket has not
            // noticed (a network split): both links start over. Generous, because starting over
            // fails what is in flight, and a loaded machine can stall for seconds.
            long timer = vertx.setTimer(Math.max(30_000, 3 * options.nodeTimeout().toMillis()), t -> {
                s.commands.execute(() -> s.commands.reset("no answer to the heartbeat"));
                s.pubsub.execute(() -> s.pubsub.reset("no answer to the heartbeat"));
            });
            s.eval(Script.HEARTBEAT, List.of(keys.nodes, keys.tombstone(nodeId)),
                    List.of(nodeId, options.nodeTimeout().toMillis()), null, false).whenComplete((r, failure) -> {
                        vertx.cancelTimer(timer);
                        if (failure != null) {
                            return;
                        }
                        long state = r.toLong();
                        if (state != 1 && registered[s.index]) {
                            reannounce(s, state == 2);
                        }
                        registered[s.index] = true;
                        reap(s);
                    });
        }
    }

    /**
     * Adds this node's memberships on {@code s} to presence again (Redis lost them, or the others
     * declared this node dead during a network split); in the second case the others were told
     * these clients left, so they are told they are back.
     */
    private void reannounce(Shard s, boolean declaredDead) {
        LOG.infof("Redis %s forgot this node (%s): announcing its clients again", s.commands.name(),
                declaredDead ? "declared dead" : "data lost");
        for (Map.Entry<String, Set<Long>> e : local.entrySet()) {
            String room = e.getKey();
            if (shard(room) != s) {
                continue;
            }
            for (long client : e.getValue()) {
                present(s, room, client);
                if (declaredDead) {
                    publish(Target.room(room).except(client).notices(),
                            LOBBY.equals(room) ? Frames.clientConnected(client) : Frames.roomJoined(room, client));
                }
            }
        }
    }

    /** Declares dead nodes of {@code s} dead, one per round trip, and announces their clients gone. */
    private void reap(Shard s) {
        s.eval(Script.REAP, List.of(keys.nodes), List.of(keys.prefix, ttlMs()), null, false).whenComplete((r, failure) -> {
            if (failure == null && r != null && r.size() > 0) {
                LOG.infof("node %s stopped answering: %d of its memberships dropped", r.get(0), (r.size() - 1) / 2);
                announceGone(r);
                reap(s);
            }
        });
    }

    /** Publishes {@code room:left} and then {@code client:disconnected} for the memberships a reap dropped. */
    private void announceGone(Response r) {
        List<Long> lobby = new ArrayList<>();
        for (int i = 1; i + 1 < r.size(); i += 2) {
            String room = r.get(i).toString();
            long client = r.get(i + 1).toLong();
            if (LOBBY.equals(room)) {
                lobby.add(client);
            } else if (!room.startsWith("raw/")) {
                publish(Target.room(room).except(client).notices(), Frames.roomLeft(room, client));
            }
        }
        // Rooms first, then the lobby, as when a client disconnects.
        for (long client : lobby) {
            publish(Target.room(LOBBY).except(client).notices(), Frames.clientDisconnected(client));
            identify(client, null);
        }
    }

    // ---- users -----------------------------------------------------------------------------------

    @Override
    public Uni<Void> identify(long client, String user) {
        Request request = user == null
                ? Request.cmd(Command.HDEL).arg(keys.users).arg(client)
                : Request.cmd(Command.HSET).arg(keys.users).arg(client).arg(user);
        return uni(shards[0].send(request)).replaceWithVoid();
    }

    @Override
    public Uni<Map<Long, String>> users(List<Long> clients) {
        if (clients.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Request request = Request.cmd(Command.HMGET).arg(keys.users);
        clients.forEach(request::arg);
        return uni(shards[0].send(request)).map(r -> {
            Map<Long, String> found = new LinkedHashMap<>();
            for (int i = 0; i < clients.size(); i++) {
                Response user = r.get(i);
                if (user != null) {
                    found.put(clients.get(i), user.toString());
                }
            }
            return found;
        });
    }

    // ---- leadership ------------------------------------------------------------------------------

    @Override
    public Runnable lead(String name, Leader leader) {
        Candidacy c = new Candidacy(keys.lease(name), leader);
        candidacies.add(c);
        c.attempt();
        return c::cancel;
    }

    /** One node's bid for a lease on the first shard, renewed three times per lease. */
    private final class Candidacy {
        private final String key;
        private final Leader leader;
        private boolean leading;
        private boolean cancelled;
        private long timer = -1;

        Candidacy(String key, Leader leader) {
            this.key = key;
            this.leader = leader;
        }

        synchronized void attempt() {
            if (cancelled) {
                return;
            }
            long lease = options.feedLease().toMillis();
            shards[0].eval(Script.LEASE, List.of(key), List.of(nodeId, lease), null, false)
                    .whenComplete((r, failure) -> outcome(failure == null && r.toLong() == 1));
            timer = vertx.setTimer(Math.max(50, lease / 3), t -> attempt());
        }

        /** Callbacks run under the candidacy's lock, so a late election never follows a cancel. */
        private synchronized void outcome(boolean holds) {
            if (cancelled) {
                return;
            }
            if (holds && !leading) {
                leading = true;
                leader.elected();
            } else if (!holds && leading) {
                leading = false;
                leader.deposed();
            }
        }

        /** Stops without a word: no callback, the lease is left to run out. */
        synchronized void halt() {
            cancelled = true;
            vertx.cancelTimer(timer);
            candidacies.remove(this);
        }

        synchronized void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            vertx.cancelTimer(timer);
            candidacies.remove(this);
            if (leading) {
                leading = false;
                leader.deposed();
                shards[0].eval(Script.RELEASE, List.of(key), List.of(nodeId), null, false);
            }
        }
    }

    // ---- shutdown -------------------------------------------------------------------------------

    /**
     * Leaves the cluster: gives up leases, removes this node's clients from presence and
     * announces them gone (so the others need not wait for its registration to expire), then
     * closes the connections. Waits at most a few seconds.
     */
    @Override
    public void close() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        for (Candidacy c : List.copyOf(candidacies)) {
            c.cancel();
        }
        List<CompletableFuture<?>> leaving = new ArrayList<>();
        for (Shard s : shards) {
            if (s.commands.up()) {
                leaving.add(s.eval(Script.REAP, List.of(keys.nodes), List.of(keys.prefix, ttlMs(), nodeId), null, false)
                        .thenAccept(r -> {
                            if (r != null && r.size() > 0) {
                                announceGone(r);
                            }
                        }));
            }
        }
        try {
            CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new)).get(3, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("leaving the cluster did not finish: %s", e.getMessage());
        }
        for (Shard s : shards) {
            s.close();
        }
    }

    /** Stops at once, as a crash would: no goodbyes, the others find out by the missed heartbeats. */
    void crash() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        for (Candidacy c : List.copyOf(candidacies)) {
            c.halt();
        }
        for (Shard s : shards) {
            s.close();
        }
    }

    private static <T> Uni<T> uni(CompletableFuture<T> future) {
        return Uni.createFrom().completionStage(future);
    }

}
