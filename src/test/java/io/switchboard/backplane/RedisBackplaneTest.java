package io.switchboard.backplane;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.switchboard.backplane.redis.RedisBackplane;
import io.switchboard.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

/** The backplane contract on one real Redis. Each backplane gets its own key prefix: a cluster of its own. */
public class RedisBackplaneTest extends BackplaneContractTest {
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    static RedisProcess redis;
    static Vertx vertx;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        redis.close();
    }

    /** The Redis servers the backplane's rooms are spread over. */
    protected List<RedisProcess> shards() {
        return List.of(redis);
    }

    @Override
    protected Backplane create(StreamSettings settings) {
        return node(vertx, shards(), "c" + CLUSTERS.incrementAndGet(), settings);
    }

    @Override
    protected Backplane started(StreamSettings settings) {
        Backplane b = super.started(settings);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(b::reachable);
        return b;
    }

    /** A node of cluster {@code prefix} over {@code shards}, with short timings. */
    public static RedisBackplane node(Vertx vertx, List<RedisProcess> shards, String prefix, StreamSettings settings) {
        return new RedisBackplane(vertx, shards.stream().map(r -> Redis.createClient(vertx, r.url())).toList(),
                shards.stream().map(r -> "127.0.0.1:" + r.port()).toList(), settings,
                new RedisBackplane.Options(prefix, Duration.ofMillis(500), Duration.ofMillis(3000), Duration.ofMillis(1500),
                        Duration.ofMillis(500)));
    }
}
