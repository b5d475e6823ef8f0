package io.switchboard.backplane;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.switchboard.testing.RedisProcess;

/** The backplane contract with rooms spread over two independent Redis servers. */
class ShardedRedisBackplaneTest extends RedisBackplaneTest {
    static RedisProcess second;

    @BeforeAll
    static void startSecondRedis() {
        second = RedisProcess.start();
    }

    @AfterAll
    static void stopSecondRedis() {
        second.close();
    }

    @Override
    protected List<RedisProcess> shards() {
        return List.of(redis, second);
    }
}
