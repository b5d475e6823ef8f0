package io.switchboard.backplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Position;

/**
 * The guarantees of {@link Backplane}, run against every implementation. Each implementation's
 * test extends this class and supplies a fresh backplane.
 */
public abstract class BackplaneContractTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    protected Backplane backplane;
    protected final List<String> delivered = new CopyOnWriteArrayList<>();

    /** Five messages kept per room for ten minutes; three state keys. */
    protected static final StreamSettings SETTINGS = new StreamSettings(5, Duration.ofMinutes(10), 3);

    protected final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final List<Backplane> created = new CopyOnWriteArrayList<>();

    /** A new backplane with {@code settings}, not yet started. */
    protected abstract Backplane create(StreamSettings settings);

    /** A new started backplane that records what it delivers. */
    protected Backplane started(StreamSettings settings) {
        Backplane b = create(settings);
        created.add(b);
        b.start(new BackplaneListener() {
            @Override
            public void deliver(Target target, Frame frame) {
                delivered.add(target + " " + frame.asText());
                frames.add(frame);
            }

            @Override
            public void kick(long client, String reason) {
                kicked.add(client + " " + reason);
            }
        });
        return b;
    }

    @BeforeEach
    void start() {
        backplane = started(SETTINGS);
    }

    /** Kicks this node's listener was told of. */
    protected final List<String> kicked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Backplane b : created) {
            if (b instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /**
     * Makes {@code b} hear {@code room} the way the hub does when a room gains a local member:
     * a backplane that routes by room delivers only rooms it hears.
     */
    public static void hear(Backplane b, String room) {
        b.hearing(room, true);
        await(b.join(room, 999));
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
        hear(backplane, "r");
        for (int i = 0; i < 100; i++) {
            await(backplane.publish(Target.room("r").except(3), Frame.text("m" + i)));
        }
        await(backplane.publish(Target.client(9), Frame.text("d")));
        Awaitility.await().atMost(WAIT).until(() -> delivered.size() == 101);
        for (int i = 0; i < 100; i++) {
            assertThat(delivered.get(i)).isEqualTo(Target.room("r").except(3) + " m" + i);
        }
        assertThat(delivered.get(100)).isEqualTo(Target.client(9) + " d");
    }

    @Test
    void usersOfAuthenticatedClientsAreKnownUntilForgotten() {
        await(backplane.identify(5, "alice"));
        await(backplane.identify(6, "bob"));
        assertThat(await(backplane.users(List.of(5L, 6L, 7L)))).containsOnly(
                java.util.Map.entry(5L, "alice"), java.util.Map.entry(6L, "bob"));
        await(backplane.identify(5, null));
        assertThat(await(backplane.users(List.of(5L, 6L)))).containsOnly(java.util.Map.entry(6L, "bob"));
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

    @Test
    void roomsWithMembersAreListedInNameOrderByPage() {
        await(backplane.join("c", 1));
        await(backplane.join("a", 1));
        await(backplane.join("b", 2));
        await(backplane.join("d", 2));
        await(backplane.leave("d", 2));
        assertThat(await(backplane.rooms(null, 2))).containsExactly("a", "b");
        assertThat(await(backplane.rooms("b", 2))).containsExactly("c");
    }

    @Test
    void aKickReachesTheListener() {
        await(backplane.kick(12, "spam"));
        Awaitility.await().atMost(WAIT).until(() -> kicked.contains("12 spam"));
    }

    // ---- room streams ----------------------------------------------------------------------------

    private static Publication message(String room, int n) {
        return new Publication(room, "7", ("\"m" + n + "\"").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keptMessagesGetConsecutiveOffsetsAndCarryThem() {
        hear(backplane, "h");
        Position first = await(backplane.publish(message("h", 1)));
        Position second = await(backplane.publish(message("h", 2)));
        assertThat(first.offset()).isEqualTo(1);
        assertThat(second).isEqualTo(new Position(2, first.epoch()));
        Awaitility.await().atMost(WAIT).until(() -> frames.size() == 2);
        assertThat(frames.get(1).offset()).isEqualTo(2);
        assertThat(frames.get(1).epoch()).isEqualTo(first.epoch());
        assertThat(frames.get(1).asText()).isEqualTo("{\"type\":\"message\",\"room\":\"h\",\"from\":7,\"offset\":2,\"payload\":\"m2\"}");
        assertThat(delivered.get(0)).startsWith(Target.room("h") + " ");
    }

    @Test
    void concurrentPublishersNeverShareOrSkipAnOffset() throws InterruptedException {
        hear(backplane, "race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 400; i++) {
            int n = i;
            pool.execute(() -> await(backplane.publish(message("race", n))));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Awaitility.await().atMost(WAIT).until(() -> frames.size() == 400);
        for (int i = 0; i < 400; i++) {
            assertThat(frames.get(i).offset()).as("delivery " + i).isEqualTo(i + 1);
        }
    }

    @Test
    void aViewReplaysWhatAResumingClientMissed() {
        Position p = null;
        for (int i = 1; i <= 8; i++) {
            p = await(backplane.publish(message("v", i)));
        }
        String epoch = p.epoch();
        RoomView view = await(backplane.view("v", true, new Position(5, epoch), 0));
        assertThat(view.latest()).isEqualTo(new Position(8, epoch));
        assertThat(view.recovered()).isTrue();
        assertThat(view.replay()).extracting(Frame::offset).containsExactly(6L, 7L, 8L);

        // Five are kept (4-8): resuming after 3 still works, after 2 has lost one.
        assertThat(await(backplane.view("v", true, new Position(3, epoch), 0)).replay()).extracting(Frame::offset)
                .containsExactly(4L, 5L, 6L, 7L, 8L);
        RoomView lost = await(backplane.view("v", true, new Position(2, epoch), 0));
        assertThat(lost.recovered()).isFalse();
        assertThat(lost.replay()).isEmpty();
        RoomView resync = await(backplane.view("v", true, new Position(2, epoch), 2));
        assertThat(resync.recovered()).isFalse();
        assertThat(resync.replay()).extracting(Frame::offset).containsExactly(7L, 8L);

        RoomView upToDate = await(backplane.view("v", true, new Position(8, epoch), 0));
        assertThat(upToDate.recovered()).isTrue();
        assertThat(upToDate.replay()).isEmpty();
        assertThat(await(backplane.view("v", true, new Position(6, "other"), 0)).recovered()).isFalse();
        assertThat(await(backplane.view("v", true, new Position(9, epoch), 0)).recovered()).isFalse();
        assertThat(await(backplane.view("v", true, null, 2)).replay()).extracting(Frame::offset).containsExactly(7L, 8L);
        assertThat(await(backplane.view("v", true, null, 50)).replay()).hasSize(5);
        assertThat(await(backplane.view("v", true, null, 0)).replay()).isEmpty();
    }

    @Test
    void aNewRoomStartsAtOffsetZeroWithAnEpoch() {
        RoomView view = await(backplane.view("fresh", true, null, 10));
        assertThat(view.latest().offset()).isZero();
        assertThat(view.latest().epoch()).isNotBlank();
        assertThat(new String(view.state(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(await(backplane.view("fresh", true, new Position(0, view.latest().epoch()), 0)).recovered()).isTrue();
        RoomView noHistory = await(backplane.view("fresh", false, null, 10));
        assertThat(noHistory.latest()).isNull();
        assertThat(noHistory.replay()).isEmpty();
    }

    @Test
    void messagesExpireAndAnEmptyRoomForgetsItsEpoch() {
        Backplane shortLived = started(new StreamSettings(5, Duration.ofMillis(400), 3));
        Position p = await(shortLived.publish(message("ttl", 1)));
        await(shortLived.join("kept", 1));
        Position kept = await(shortLived.publish(message("kept", 1)));
        Awaitility.await().atMost(WAIT).until(() -> {
            RoomView v = await(shortLived.view("ttl", true, null, 5));
            return !v.latest().epoch().equals(p.epoch());
        });
        RoomView v = await(shortLived.view("ttl", true, new Position(0, p.epoch()), 0));
        assertThat(v.recovered()).isFalse();
        assertThat(v.latest().offset()).isZero();
        // An occupied room keeps its epoch and offsets, though its messages expire.
        Awaitility.await().atMost(WAIT)
                .until(() -> !await(shortLived.view("kept", true, new Position(0, kept.epoch()), 0)).recovered());
        RoomView occupied = await(shortLived.view("kept", true, new Position(0, kept.epoch()), 0));
        assertThat(occupied.latest()).isEqualTo(kept);
        assertThat(occupied.recovered()).isFalse();
    }

    @Test
    void stateChangesAreOrderedWithMessagesAndReadAsASnapshot() {
        hear(backplane, "s");
        await(backplane.publish(message("s", 1)));
        await(backplane.setState("s", "volume", "0.7".getBytes(StandardCharsets.UTF_8)));
        await(backplane.setState("s", "colour", "\"red\"".getBytes(StandardCharsets.UTF_8)));
        await(backplane.publish(message("s", 2)));
        await(backplane.setState("s", "volume", null));
        Awaitility.await().atMost(WAIT).until(() -> frames.size() == 5);
        assertThat(frames).extracting(Frame::asText).containsExactly(
                "{\"type\":\"message\",\"room\":\"s\",\"from\":7,\"offset\":1,\"payload\":\"m1\"}",
                "{\"type\":\"state\",\"room\":\"s\",\"payload\":{\"volume\":0.7}}",
                "{\"type\":\"state\",\"room\":\"s\",\"payload\":{\"colour\":\"red\"}}",
                "{\"type\":\"message\",\"room\":\"s\",\"from\":7,\"offset\":2,\"payload\":\"m2\"}",
                "{\"type\":\"state\",\"room\":\"s\",\"payload\":{\"volume\":null}}");
        assertThat(new String(await(backplane.view("s", true, null, 0)).state(), StandardCharsets.UTF_8))
                .isEqualTo("{\"colour\":\"red\"}");
        assertThat(new String(await(backplane.view("s", false, null, 0)).state(), StandardCharsets.UTF_8))
                .isEqualTo("{\"colour\":\"red\"}");
    }

    @Test
    void aRoomHoldsAtMostMaxKeysStateKeys() {
        for (String key : List.of("a", "b", "c")) {
            await(backplane.setState("full", key, "1".getBytes(StandardCharsets.UTF_8)));
        }
        await(backplane.setState("full", "b", "2".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> await(backplane.setState("full", "d", "1".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(StateLimitException.class);
        await(backplane.setState("full", "a", null));
        await(backplane.setState("full", "d", "1".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(await(backplane.view("full", true, null, 0)).state(), StandardCharsets.UTF_8))
                .isEqualTo("{\"b\":2,\"c\":1,\"d\":1}");
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }
}
