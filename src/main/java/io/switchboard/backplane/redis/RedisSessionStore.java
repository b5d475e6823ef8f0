package io.switchboard.backplane.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Session records in Redis: one string key per record ({@code p:session:ID}) with the record's
 * time to live as its expiry, on the first shard, over one dedicated connection, so the writes of
 * one node leave in the order they were made. {@link #take} is one {@code GETDEL}: atomic across
 * nodes. While Redis is unreachable every call fails at once (the caller then starts a fresh
 * session, or its record is not kept).
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    private final Keys keys;
    private final Link link;

    public RedisSessionStore(Vertx vertx, Redis client, String name, String prefix, Duration reconnectMaxDelay) {
        this.keys = new Keys(prefix);
        this.link = new Link(vertx, client, name + " (sessions)", reconnectMaxDelay, null, l -> Future.succeededFuture(), () -> {
        });
        link.start();
    }

    /** Whether the connection is up. */
    public boolean reachable() {
        return link.up();
    }

    @Override
    public Uni<Void> put(String id, byte[] record, Duration ttl) {
        return send(Request.cmd(Command.SET).arg(keys.session(id)).arg(record).arg("PX").arg(millis(ttl))).replaceWithVoid();
    }

    @Override
    public Uni<Void> expire(String id, Duration ttl) {
        return send(Request.cmd(Command.PEXPIRE).arg(keys.session(id)).arg(millis(ttl))).replaceWithVoid();
    }

    @Override
    public Uni<byte[]> take(String id) {
        return send(Request.cmd(Command.GETDEL).arg(keys.session(id))).map(r -> r == null ? null : r.toBytes());
    }

    @Override
    public Uni<Void> remove(String id) {
        return send(Request.cmd(Command.DEL).arg(keys.session(id))).replaceWithVoid();
    }

    private static long millis(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }

    /** Sends on the link's context, so commands keep the order of the calls. */
    private Uni<Response> send(Request request) {
        CompletableFuture<Response> reply = new CompletableFuture<>();
        link.execute(() -> link.send(request).onComplete(ar -> {
            if (ar.succeeded()) {
                reply.complete(ar.result());
            } else {
                reply.completeExceptionally(ar.cause());
            }
        }));
        return Uni.createFrom().completionStage(reply);
    }

    @Override
    public void close() {
        link.close();
    }
}
