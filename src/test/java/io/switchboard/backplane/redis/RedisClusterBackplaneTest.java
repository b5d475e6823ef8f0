package io.switchboard.backplane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.Backplane;
import io.switchboard.backplane.BackplaneContractTest;
import io.switchboard.backplane.BackplaneListener;
import io.switchboard.backplane.Publication;
import io.switchboard.backplane.RedisBackplaneTest;
import io.switchboard.backplane.StreamSettings;
import io.switchboard.backplane.Target;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Position;
import io.switchboard.testing.RedisProcess;
import io.vertx.core.Vertx;

/**
 * Several Redis backplane nodes of one cluster, over two Redis shards: what crosses nodes, in
 * which order, and what happens when a node or Redis goes away.
 */
class RedisClusterBackplaneTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final StreamSettings SETTINGS = new StreamSettings(100, Duration.ofMinutes(10), 8);
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    static RedisProcess first;
    static RedisProcess second;
    static Vertx vertx;

    private final List<RedisBackplane> nodes = new ArrayList<>();
    private String cluster;

    /** A started node that records what reaches it. */
    static final class Node {
        final RedisBackplane backplane;
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();

        Node(RedisBackplane backplane) {
            this.backplane = backplane;
            backplane.start(new BackplaneListener() {
                @Override
                public void deliver(Target target, Frame frame) {
                    frames.add(frame);
                    texts.add(frame.asText());
                }

                @Override
                public void kick(long client, String reason) {
                    texts.add("kick " + client + " " + reason);
                }
            });
            Awaitility.await().atMost(WAIT).until(backplane::reachable);
        }

        void hear(String room) {
            BackplaneContractTest.hear(backplane, room);
        }
    }

    @BeforeAll
    static void startRedis() {
        first = RedisProcess.start();
        second = RedisProcess.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        first.close();
        second.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(RedisBackplane::close);
    }

    private Node node() {
        if (cluster == null) {
            cluster = "k" + CLUSTERS.incrementAndGet();
        }
        RedisBackplane b = RedisBackplaneTest.node(vertx, List.of(first, second), cluster, SETTINGS);
        nodes.add(b);
        return new Node(b);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static Publication message(String room, String text) {
        return new Publication(room, "7", ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesReachTheNodesThatHearTheRoomOnly() {
        Node a = node();
        Node b = node();
        Node c = node();
        b.hear("r");
        await(a.backplane.publish(Target.room("r"), Frame.text("hello")));
        await(a.backplane.publish(Target.client(5), Frame.text("direct")));
        Awaitility.await().atMost(WAIT).until(() -> b.texts.size() == 2 && c.texts.size() == 1);
        assertThat(b.texts).containsExactly("hello", "direct");
        assertThat(c.texts).containsExactly("direct");
        assertThat(a.texts).containsExactly("direct");
        // A kick reaches every node; the one holding the client closes it.
        await(a.backplane.kick(5, "spam"));
        Awaitility.await().atMost(WAIT).until(() -> c.texts.contains("kick 5 spam") && b.texts.contains("kick 5 spam"));
    }

    @Test
    void keptMessagesFromTwoNodesArriveInOneOrderEverywhere() {
        Node a = node();
        Node b = node();
        a.hear("x");
        b.hear("x");
        List<CompletableFuture<Position>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(a.backplane.publish(message("x", "a" + i)).subscribeAsCompletionStage());
            sent.add(b.backplane.publish(message("x", "b" + i)).subscribeAsCompletionStage());
        }
        sent.forEach(CompletableFuture::join);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(List.of(a.frames.size(), b.frames.size())).containsExactly(400, 400));
        for (int i = 0; i < 400; i++) {
            assertThat(a.frames.get(i).offset()).isEqualTo(i + 1);
        }
        assertThat(b.texts).isEqualTo(a.texts);
        assertThat(sent.stream().map(f -> f.join().offset())).doesNotHaveDuplicates().hasSize(400);
    }

    @Test
    void aPublisherHasItsOwnCopyBeforeItsAck() {
        Node a = node();
        a.hear("own");
        for (int i = 0; i < 300; i++) {
            Position p = await(a.backplane.publish(message("own", "m" + i)));
            assertThat(a.frames).as("own copy of offset " + p.offset() + " before the ack").isNotEmpty();
            assertThat(a.frames.get(a.frames.size() - 1).offset()).isEqualTo(p.offset());
            await(a.backplane.publish(Target.room("own"), Frame.text("plain" + i)));
            assertThat(a.texts.get(a.texts.size() - 1)).isEqualTo("plain" + i);
        }
    }

    @Test
    void keptMessagesMissedWhileASubscriptionWasDownAreFetchedFromTheStream() {
        Node a = node();
        Node b = node();
        b.hear("gap");
        await(a.backplane.publish(message("gap", "first")));
        Awaitility.await().atMost(WAIT).until(() -> b.frames.size() == 1);
        // Redis drops every subscriber connection; messages published meanwhile are not pushed to b.
        first.command("CLIENT", "KILL", "TYPE", "pubsub");
        second.command("CLIENT", "KILL", "TYPE", "pubsub");
        for (int i = 0; i < 50; i++) {
            await(a.backplane.publish(message("gap", "m" + i)));
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(b.frames).hasSize(51));
        for (int i = 0; i < 51; i++) {
            assertThat(b.frames.get(i).offset()).isEqualTo(i + 1);
        }
    }

    @Test
    void aSilentNodeIsDeclaredDeadAndItsClientsAnnouncedGone() {
        Node watcher = node();
        Node doomed = node();
        watcher.hear("lobby");
        watcher.hear("z");
        await(doomed.backplane.join("lobby", 50));
        await(doomed.backplane.join("z", 50));
        assertThat(await(watcher.backplane.members("z"))).contains(50L);
        // Crash: its links close without a goodbye, its heartbeats stop.
        doomed.backplane.crash();
        Awaitility.await().atMost(WAIT).until(() -> watcher.texts.contains("{\"type\":\"client:disconnected\",\"payload\":\"Client 50 disconnected\",\"client\":50}"));
        assertThat(watcher.texts).contains("{\"type\":\"room:left\",\"room\":\"z\",\"client\":50}");
        assertThat(watcher.texts.indexOf("{\"type\":\"room:left\",\"room\":\"z\",\"client\":50}")).isGreaterThanOrEqualTo(0);
        assertThat(await(watcher.backplane.members("z"))).containsExactly(999L);
        assertThat(await(watcher.backplane.isMember("lobby", 50))).isFalse();
    }

    @Test
    void leadershipIsHeldByOneNodeAndMovesWhenItGoesAway() {
        Node a = node();
        Node b = node();
        List<String> events = new CopyOnWriteArrayList<>();
        a.backplane.lead("feed:t", leader("a", events));
        b.backplane.lead("feed:t", leader("b", events));
        Awaitility.await().atMost(WAIT).until(() -> events.size() == 1);
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> events.size() == 1);
        String first = events.get(0);
        Node leader = first.startsWith("a") ? a : b;
        String other = first.startsWith("a") ? "b" : "a";
        // A crash: the lease is not given up, it runs out.
        leader.backplane.crash();
        Awaitility.await().atMost(WAIT).until(() -> events.contains(other + " elected"));
        assertThat(events).containsExactly(first, other + " elected");
    }

    private static Backplane.Leader leader(String name, List<String> events) {
        return new Backplane.Leader() {
            @Override
            public void elected() {
                events.add(name + " elected");
            }

            @Override
            public void deposed() {
                events.add(name + " deposed");
            }
        };
    }

    @Test
    void aNodeThatShutsDownAnnouncesItsClientsGoneAtOnce() {
        Node watcher = node();
        Node leaving = node();
        watcher.hear("lobby");
        await(leaving.backplane.join("lobby", 60));
        leaving.backplane.close();
        // Well before its registration would expire (3 s).
        Awaitility.await().atMost(Duration.ofMillis(2500)).until(() -> watcher.texts.contains(
                "{\"type\":\"client:disconnected\",\"payload\":\"Client 60 disconnected\",\"client\":60}"));
        assertThat(await(watcher.backplane.isMember("lobby", 60))).isFalse();
    }

    @Test
    void anOutageIsReportedAndPresenceComesBackAfterIt() {
        Node a = node();
        a.hear("q");
        await(a.backplane.join("q", 7));
        first.stop();
        second.stop();
        Awaitility.await().atMost(WAIT).until(() -> !a.backplane.reachable());
        // Not kept: still delivered to this node's own members while Redis is away.
        await(a.backplane.publish(Target.room("q"), Frame.text("local")));
        assertThat(a.texts).contains("local");
        first.startAgain();
        second.startAgain();
        Awaitility.await().atMost(WAIT).until(a.backplane::reachable);
        // Redis came back empty: the node announces its members again and hears its rooms again.
        Awaitility.await().atMost(WAIT).until(() -> await(a.backplane.members("q")).contains(7L));
        Node b = node();
        await(b.backplane.publish(Target.room("q"), Frame.text("after")));
        Awaitility.await().atMost(WAIT).until(() -> a.texts.contains("after"));
        Position p = await(b.backplane.publish(message("q", "kept")));
        assertThat(p.offset()).isEqualTo(1);
    }
}
