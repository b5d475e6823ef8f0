package io.switchboard.backplane.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongFunction;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * One Redis of the backplane: a command link and a pub/sub link.
 *
 * <p>Commands leave in the order they are handed over and carry this node's sequence number on
 * the shard. A publish into a channel this node hears completes only once its own copy came back
 * on the pub/sub link (or any later own message did: Redis runs one connection's commands in
 * order and pushes messages in the order it ran them), so a publisher's ack never overtakes its
 * own copy of the message.
 *
 * <p>Subscriptions follow what the node wants to hear: a channel is subscribed while wanted (at
 * once, in batches) and unsubscribed a short while after it stops being wanted, so a room whose
 * only member comes and goes does not churn. {@link #heard} completes once Redis confirmed the
 * subscription: from then on every message published to the channel reaches this node.
 */
final class Shard {
    private static final Logger LOG = Logger.getLogger(Shard.class);
    /** How long a publish waits for its own copy before completing anyway (unsubscribed meanwhile). */
    private static final long ECHO_WAIT_MS = 1000;
    /** How long an unwanted channel stays subscribed. */
    private static final long LINGER_MS = 1000;
    /** Channels per SUBSCRIBE / UNSUBSCRIBE command. */
    private static final int BATCH = 500;

    private enum State {
        NONE, SUBSCRIBING, SUBSCRIBED, UNSUBSCRIBING
    }

    /** A channel's subscription; confined to the pub/sub link's context. */
    private static final class Chan {
        boolean wanted;
        boolean pinned;
        State state = State.NONE;
        long unwantedAt;
        List<CompletableFuture<Void>> waiters;
    }

    /** A publish waiting for its reply and its own copy. */
    private static final class Echo {
        final CompletableFuture<Object> result;
        Object value;
        boolean replied;
        boolean echoed;

        Echo(CompletableFuture<Object> result) {
            this.result = result;
        }

        /** When the reply came (nanoTime), for {@link #sweepEchoes}. */
        volatile long repliedAt;

        synchronized void replied(Object v) {
            value = v;
            replied = true;
            repliedAt = System.nanoTime();
            if (echoed) {
                result.complete(v);
            }
        }

        synchronized void echoed() {
            echoed = true;
            if (replied) {
                result.complete(value);
            }
        }
    }

    /** Receives the messages of subscribed channels, on the pub/sub link's context. */
    interface Receiver {
        void received(Shard shard, String channel, byte[] message);

        /** Redis confirmed a subscription (the first, or again after a reconnect). */
        void subscribed(Shard shard, String channel);

        /** Redis confirmed the end of a subscription. */
        void unsubscribed(Shard shard, String channel);
    }

    final int index;
    final Link commands;
    final Link pubsub;
    private final Vertx vertx;
    private final Receiver receiver;
    private final ConcurrentSkipListMap<Long, Echo> echoes = new ConcurrentSkipListMap<>();
    private final Set<String> heard = ConcurrentHashMap.newKeySet();
    private final Map<String, Chan> chans = new HashMap<>();
    /** Last sequence number sent; confined to the command link's context. */
    private long seq;
    /** Set while a new pub/sub connection subscribes again, before it counts as up. */
    private boolean resubscribing;
    private long sweeper = -1;

    Shard(int index, String name, Vertx vertx, Redis client, Duration maxDelay, Receiver receiver) {
        this.index = index;
        this.vertx = vertx;
        this.receiver = receiver;
        this.commands = new Link(vertx, client, name, maxDelay, null, this::loadScripts, this::commandsDown);
        this.pubsub = new Link(vertx, client, name + " (pub/sub)", maxDelay, this::pushed, this::resubscribe, this::pubsubDown);
    }

    void start() {
        commands.start();
        pubsub.start();
        sweeper = vertx.setPeriodic(ECHO_WAIT_MS / 2, t -> sweepEchoes());
    }

    /**
     * Completes publishes whose reply came long ago but whose own copy did not (the channel was
     * unsubscribed meanwhile): one sweep for all of them rather than a timer per publish.
     */
    private void sweepEchoes() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<Long, Echo>> it = echoes.entrySet().iterator(); it.hasNext();) {
            Echo e = it.next().getValue();
            long repliedAt = e.repliedAt;
            if (repliedAt != 0 && now - repliedAt > ECHO_WAIT_MS * 1_000_000) {
                it.remove();
                e.echoed();
            }
        }
    }

    boolean up() {
        return commands.up() && pubsub.up();
    }

    void close() {
        vertx.cancelTimer(sweeper);
        commands.close();
        pubsub.close();
    }

    // ---- commands --------------------------------------------------------------------------------

    /** Sends a command built at send time; completes with its reply. */
    CompletableFuture<Response> send(Request request) {
        return send(seq -> request, false);
    }

    /**
     * Sends the command {@code build} makes from this node's next sequence number on the shard.
     * With {@code awaitEcho}, completes once the reply came and the message published under that
     * number (or a later one) came back on the pub/sub link.
     */
    CompletableFuture<Response> send(LongFunction<Request> build, boolean awaitEcho) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        commands.execute(() -> {
            long n = ++seq;
            Request request;
            try {
                request = build.apply(n);
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
                return;
            }
            Echo echo = awaitEcho && pubsub.up() ? new Echo(out) : null;
            if (echo != null) {
                echoes.put(n, echo);
            }
            commands.send(request).onComplete(ar -> {
                if (ar.failed()) {
                    if (echo != null) {
                        echoes.remove(n);
                    }
                    out.completeExceptionally(ar.cause());
                } else if (echo == null) {
                    out.complete(ar.result());
                } else {
                    echo.replied(ar.result());
                }
            });
        });
        return out.thenApply(Response.class::cast);
    }

    /** Runs {@code script} by its SHA-1, loading it first if this Redis lost it. */
    CompletableFuture<Response> eval(Script script, List<String> keys, List<Object> args, LongFunction<Object> lastArg,
            boolean awaitEcho) {
        return send(n -> evalRequest(Command.EVALSHA, script.sha, keys, args, lastArg == null ? null : lastArg.apply(n)), awaitEcho)
                .handle((r, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(r);
                    }
                    if (failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")) {
                        // Flushed by hand: fall back to EVAL, which loads it again.
                        return send(n -> evalRequest(Command.EVAL, script.source, keys, args,
                                lastArg == null ? null : lastArg.apply(n)), awaitEcho);
                    }
                    return CompletableFuture.<Response>failedFuture(failure);
                }).thenCompose(f -> f);
    }

    private static Request evalRequest(Command command, String script, List<String> keys, List<Object> args, Object last) {
        Request r = Request.cmd(command).arg(script).arg(keys.size());
        for (String k : keys) {
            r.arg(k);
        }
        for (Object a : args) {
            arg(r, a);
        }
        if (last != null) {
            arg(r, last);
        }
        return r;
    }

    static void arg(Request r, Object a) {
        if (a instanceof byte[] bytes) {
            r.arg(bytes);
        } else if (a instanceof Long l) {
            r.arg(l);
        } else if (a instanceof Integer i) {
            r.arg(i);
        } else {
            r.arg(String.valueOf(a));
        }
    }

    private Future<Void> loadScripts(Link link) {
        List<Future<Response>> loads = new ArrayList<>();
        for (Script s : Script.values()) {
            loads.add(link.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(s.source)));
        }
        return Future.all(loads).mapEmpty();
    }

    private void commandsDown() {
        // Replies will not come: those publishes failed (the link failed their futures).
        echoes.clear();
    }

    /** An own message with sequence number {@code n} came back: everything sent before it has too. */
    private void echoed(long n) {
        ConcurrentNavigableMap<Long, Echo> done = echoes.headMap(n, true);
        for (Echo e : done.values()) {
            e.echoed();
        }
        done.clear();
    }

    // ---- subscriptions ---------------------------------------------------------------------------

    /** Whether this node hears {@code channel} right now (subscription confirmed). */
    boolean hears(String channel) {
        return heard.contains(channel);
    }

    /** Starts ({@code true}) or stops wanting {@code channel}; a pinned channel is never dropped. */
    void want(String channel, boolean want, boolean pin) {
        pubsub.execute(() -> {
            Chan c = chans.computeIfAbsent(channel, k -> new Chan());
            c.pinned |= pin;
            if (c.wanted == want) {
                return;
            }
            c.wanted = want;
            if (want) {
                sync();
            } else if (!c.pinned) {
                c.unwantedAt = System.nanoTime();
                vertx.setTimer(LINGER_MS + 10, t -> pubsub.execute(this::sync));
            }
        });
    }

    /** Completes once {@code channel} is subscribed (at once if it is); fails while Redis is away. */
    CompletableFuture<Void> heard(String channel) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        pubsub.execute(() -> {
            Chan c = chans.get(channel);
            if (c == null || !c.wanted) {
                // Nobody here is in the room any more: nothing to wait for.
                ready.complete(null);
            } else if (c.state == State.SUBSCRIBED) {
                ready.complete(null);
            } else if (!pubsub.up() && c.state == State.NONE) {
                ready.completeExceptionally(new RedisUnavailableException(pubsub.name() + " is not connected"));
            } else {
                if (c.waiters == null) {
                    c.waiters = new ArrayList<>(2);
                }
                c.waiters.add(ready);
            }
        });
        return ready;
    }

    private void sync() {
        if (!pubsub.up() && !resubscribing) {
            return;
        }
        List<String> subscribe = new ArrayList<>();
        List<String> unsubscribe = new ArrayList<>();
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, Chan>> it = chans.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Chan> e = it.next();
            Chan c = e.getValue();
            if (c.wanted && c.state == State.NONE) {
                c.state = State.SUBSCRIBING;
                subscribe.add(e.getKey());
            } else if (!c.wanted && !c.pinned && c.state == State.SUBSCRIBED && now - c.unwantedAt >= LINGER_MS * 1_000_000) {
                c.state = State.UNSUBSCRIBING;
                heard.remove(e.getKey());
                unsubscribe.add(e.getKey());
            } else if (!c.wanted && c.state == State.NONE && c.waiters == null) {
                it.remove();
            }
        }
        command(Command.SUBSCRIBE, subscribe);
        command(Command.UNSUBSCRIBE, unsubscribe);
    }

    private void command(Command command, List<String> channels) {
        for (int i = 0; i < channels.size(); i += BATCH) {
            Request r = Request.cmd(command);
            for (String ch : channels.subList(i, Math.min(channels.size(), i + BATCH))) {
                r.arg(ch);
            }
            pubsub.send(r).onFailure(e -> LOG.debugf("%s failed: %s", command, e.getMessage()));
        }
    }

    private Future<Void> resubscribe(Link link) {
        for (Chan c : chans.values()) {
            c.state = State.NONE;
        }
        resubscribing = true;
        sync();
        resubscribing = false;
        return Future.succeededFuture();
    }

    private void pubsubDown() {
        heard.clear();
        for (Chan c : chans.values()) {
            c.state = State.NONE;
            failWaiters(c);
        }
        // Own copies will not come back: let the publishes waiting for them complete.
        for (Echo e : echoes.values()) {
            e.echoed();
        }
        echoes.clear();
    }

    private void failWaiters(Chan c) {
        if (c.waiters != null) {
            RedisUnavailableException down = new RedisUnavailableException(pubsub.name() + " is not connected");
            c.waiters.forEach(w -> w.completeExceptionally(down));
            c.waiters = null;
        }
    }

    /** A pushed message on the pub/sub link (RESP3 push, or a RESP2 array outside a reply). */
    private void pushed(Response r) {
        if (r == null || (r.type() != ResponseType.PUSH && r.type() != ResponseType.MULTI) || r.size() < 3) {
            return;
        }
        String kind = r.get(0).toString();
        String channel = r.get(1).toString();
        switch (kind) {
            case "message" -> {
                byte[] message = r.get(2).toBytes();
                try {
                    receiver.received(this, channel, message);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "could not handle a message on %s", channel);
                }
            }
            case "subscribe" -> {
                Chan c = chans.get(channel);
                if (c == null) {
                    return;
                }
                c.state = State.SUBSCRIBED;
                heard.add(channel);
                receiver.subscribed(this, channel);
                if (c.waiters != null) {
                    c.waiters.forEach(w -> w.complete(null));
                    c.waiters = null;
                }
                if (!c.wanted) {
                    vertx.setTimer(LINGER_MS + 10, t -> pubsub.execute(this::sync));
                }
            }
            case "unsubscribe" -> {
                Chan c = chans.get(channel);
                if (c == null) {
                    return;
                }
                c.state = State.NONE;
                heard.remove(channel);
                receiver.unsubscribed(this, channel);
                if (c.wanted) {
                    sync();
                }
            }
            default -> {
                // pong and other pushes
            }
        }
    }

    /** Called by the receiver for an envelope this node published. */
    void ownMessage(long n) {
        echoed(n);
    }

}
