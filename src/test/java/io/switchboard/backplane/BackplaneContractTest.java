package io.switchboard.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.switchboard.protocol.Frame;

/**
 * The guarantees of {@link Backplane}, run against every implementation. Each implementation's
 * test extends this class and supplies a fresh backplane.
 */
public abstract class BackplaneContractTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    protected Backplane backplane;
    protected final List<String> delivered = new CopyOnWriteArrayList<>();

    /** A new backplane, not yet started. */
    protected abstract Backplane create();

    @BeforeEach
    void start() {
        backplane = create();
        backplane.start((target, frame) -> delivered.add(target + " " + frame.asText()));
    }

    @AfterEach
    void stop() throws Exception {
        if (backplane instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void clientIdsAreUniqueUnderConcurrency() throws InterruptedException {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 400; i++) {
            pool.execute(() -> ids.add(await(backplane.nextClientId())));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(ids).hasSize(400).allMatch(id -> id > 0);
    }

    @Test
    void publishReachesTheListenerInOrder() {
        for (int i = 0; i < 100; i++) {
            await(backplane.publish(Target.room("r").except(3), Frame.text("m" + i)));
        }
        await(backplane.publish(Target.client(9), Frame.text("d")));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> delivered.size() == 101);
        for (int i = 0; i < 100; i++) {
            assertThat(delivered.get(i)).isEqualTo(Target.room("r").except(3) + " m" + i);
        }
        assertThat(delivered.get(100)).isEqualTo(Target.client(9) + " d");
    }

    @Test
    void presenceIsSortedAndFollowsJoinsAndLeaves() {
        await(backplane.join("p", 30));
        await(backplane.join("p", 4));
        await(backplane.join("p", 17));
        await(backplane.join("p", 4));
        assertThat(await(backplane.members("p"))).containsExactly(4L, 17L, 30L);
        assertThat(await(backplane.isMember("p", 17))).isTrue();
        await(backplane.leave("p", 17));
        await(backplane.leave("p", 99));
        assertThat(await(backplane.members("p"))).containsExactly(4L, 30L);
        assertThat(await(backplane.isMember("p", 17))).isFalse();
    }

    @Test
    void anUnknownRoomHasNoMembers() {
        assertThat(await(backplane.members("nobody"))).isEmpty();
        assertThat(await(backplane.isMember("nobody", 1))).isFalse();
        await(backplane.leave("nobody", 1));
        assertThat(await(backplane.members("nobody"))).isEmpty();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }
}
