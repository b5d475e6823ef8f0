package io.switchboard.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of {@link SessionStore}, run against every implementation. Each implementation's
 * test extends this class and supplies a store.
 */
public abstract class SessionStoreContractTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofMinutes(2);

    protected SessionStore store;

    /** A store to test; records of other tests may be in it (ids here are unique). */
    protected abstract SessionStore create();

    @BeforeEach
    void store() {
        store = create();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] take(String id) {
        return store.take(id).await().atMost(WAIT);
    }

    @Test
    void aStoredRecordIsTakenOnce() {
        String id = id();
        store.put(id, bytes("{\"client\":7}"), LONG).await().atMost(WAIT);

        assertThat(take(id)).asString(StandardCharsets.UTF_8).isEqualTo("{\"client\":7}");
        assertThat(take(id)).isNull();
    }

    @Test
    void anUnknownIdHasNoRecord() {
        assertThat(take(id())).isNull();
        store.remove(id()).await().atMost(WAIT);
        store.expire(id(), LONG).await().atMost(WAIT);
        assertThat(take(id())).isNull();
    }

    @Test
    void aLaterPutReplacesTheRecord() {
        String id = id();
        store.put(id, bytes("1"), LONG);
        store.put(id, bytes("2"), LONG);
        store.put(id, bytes("3"), LONG).await().atMost(WAIT);

        assertThat(take(id)).asString(StandardCharsets.UTF_8).isEqualTo("3");
    }

    @Test
    void aRemovedRecordIsGone() {
        String id = id();
        store.put(id, bytes("x"), LONG);
        store.remove(id).await().atMost(WAIT);

        assertThat(take(id)).isNull();
    }

    @Test
    void aRecordExpiresItsTtlAfterTheLastWrite() throws InterruptedException {
        String id = id();
        String kept = id();
        store.put(id, bytes("short"), Duration.ofMillis(300)).await().atMost(WAIT);
        store.put(kept, bytes("kept"), Duration.ofMillis(300)).await().atMost(WAIT);
        store.expire(kept, LONG).await().atMost(WAIT);

        // Past the first record's deadline: no polling, the deadline is known.
        Thread.sleep(1_200);

        assertThat(take(id)).isNull();
        assertThat(take(kept)).asString(StandardCharsets.UTF_8).isEqualTo("kept");
    }

    @Test
    void expireShortensTheLifeOfARecordToo() throws InterruptedException {
        String id = id();
        store.put(id, bytes("x"), LONG).await().atMost(WAIT);
        store.expire(id, Duration.ofMillis(300)).await().atMost(WAIT);

        Thread.sleep(1_200);

        assertThat(take(id)).isNull();
    }

    @Test
    void ofTwoRacingTakesOneGetsTheRecord() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                String id = id();
                store.put(id, bytes("once"), LONG).await().atMost(WAIT);
                Callable<byte[]> take = () -> take(id);
                List<Future<byte[]>> takes = pool.invokeAll(List.of(take, take, take, take));
                int got = 0;
                for (Future<byte[]> f : takes) {
                    got += f.get(WAIT.toSeconds(), TimeUnit.SECONDS) == null ? 0 : 1;
                }
                assertThat(got).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
