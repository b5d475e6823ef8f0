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
import io.vertx.redis.client.Redis;

/** The session store contract on a real Redis, and the keys it leaves there. */
class RedisSessionStoreTest extends SessionStoreContractTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private RedisSessionStore created;
    private String prefix;

    /** One Redis for the class, as for the backplane's contract test. */
    @BeforeAll
    static void startRedis() {
        RedisBackplaneTest.startRedis();
    }

    @AfterAll
    static void stopRedis() {
        RedisBackplaneTest.stopRedis();
    }

    @Override
    protected SessionStore create() {
        prefix = "s" + PREFIXES.incrementAndGet();
        created = new RedisSessionStore(RedisBackplaneTest.vertx, Redis.createClient(RedisBackplaneTest.vertx, RedisBackplaneTest.redis.url()), "test", prefix, Duration.ofMillis(500));
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
        assertThat(RedisBackplaneTest.redis.command("GET", prefix + ":session:abc")).isEqualTo("$2");
        assertThat(Long.parseLong(RedisBackplaneTest.redis.command("PTTL", prefix + ":session:abc").substring(1))).isBetween(80_000L, 90_000L);
    }
}
