package io.switchboard.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.switchboard.backplane.redis.RedisSessionStore;
import io.switchboard.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

/** The session store contract on a real Redis, and the keys it leaves there. */
class RedisSessionStoreTest extends SessionStoreContractTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    static RedisProcess redis;
    static Vertx vertx;
    private RedisSessionStore created;
    private String prefix;

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

    @Override
    protected SessionStore create() {
        prefix = "s" + PREFIXES.incrementAndGet();
        created = new RedisSessionStore(vertx, Redis.createClient(vertx, redis.url()), "test", prefix, Duration.ofMillis(500));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(created::reachable);
        return created;
    }

    @AfterEach
    void closeStore() {
        created.close();
    }

    @Test
    void aRecordIsOneKeyThatExpiresWithIt() {
        store.put("abc", new byte[] {'{', '}'}, Duration.ofSeconds(90)).await().atMost(Duration.ofSeconds(10));

        // Replies as their first line: "$2" announces the two bytes of "{}", ":n" is a number.
        assertThat(redis.command("GET", prefix + ":session:abc")).isEqualTo("$2");
        assertThat(Long.parseLong(redis.command("PTTL", prefix + ":session:abc").substring(1))).isBetween(80_000L, 90_000L);
    }
}
