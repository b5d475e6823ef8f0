package io.switchboard.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.testing.JarServer;
import io.switchboard.testing.LocalServers;
import io.switchboard.testing.RawPeer;
import io.switchboard.testing.RedisProcess;
import io.switchboard.testing.WsClient;

/**
 * Three packaged instances sharing one real Redis, talked to by real WebSocket clients: what a
 * client sees must not depend on which instance it reached. The instance kill and the Redis
 * outage come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class RedisClusterIT {
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    static RedisProcess redis;
    static List<JarServer> servers;
    static JarServer a;
    static JarServer b;
    static JarServer c;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    /** The properties that put a packaged instance on the Redis backplane with short timings. */
    public static Map<String, String> redisMode(String hosts) {
        return Map.of("switchboard.backplane.kind", "redis", "quarkus.redis.hosts", hosts,
                "switchboard.backplane.redis.heartbeat-interval", "1s",
                "switchboard.backplane.redis.node-timeout", NODE_TIMEOUT.toMillis() + "ms",
                "switchboard.backplane.redis.feed-lease", "1s",
                "switchboard.backplane.redis.reconnect-max-delay", "1s",
                "switchboard.feeds.ticker.interval", "200ms",
                "switchboard.history.size", "5000",
                // The race tests publish as fast as a socket can: the per-connection rate limits
                // (tested on their own) would refuse part of it.
                "switchboard.rate-limit.frames-per-second", "0",
                "switchboard.rate-limit.bytes-per-second", "0");
    }

    @BeforeAll
    static void startCluster() {
        redis = RedisProcess.start();
        servers = instances(3, redis, Path.of("target", "cluster-it"));
        a = servers.get(0);
        b = servers.get(1);
        c = servers.get(2);
    }

    @AfterAll
    static void stopCluster() {
        stop(servers, redis);
    }

    /** {@code count} packaged instances on {@code redis} in {@link #redisMode}, each ready. */
    public static List<JarServer> instances(int count, RedisProcess redis, Path logs) {
        List<JarServer> started = JarServer.startAll(count, logs, redisMode(redis.url()));
        started.forEach(RedisClusterIT::awaitReady);
        return started;
    }

    /** Stops what {@link #instances} and {@link RedisProcess#start} started (either may be null). */
    public static void stop(List<JarServer> servers, RedisProcess redis) {
        if (servers != null) {
            servers.forEach(JarServer::close);
        }
        if (redis != null) {
            redis.close();
        }
    }

    public static void awaitReady(JarServer server) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ready(server) == 200);
    }

    static int ready(JarServer server) {
        return LocalServers.status(URI.create(server.url("/q/health/ready")));
    }

    static WsClient v1(JarServer server) {
        WsClient client = WsClient.open(server.uri(), "/", "switchboard.v1");
        client.hello();
        return client;
    }

    /** Reads frames until one matches (frames of earlier tests' clients may still come by). */
    static JsonNode next(WsClient client, Predicate<JsonNode> wanted) {
        for (int i = 0; i < 1000; i++) {
            JsonNode frame = client.nextJson();
            if (wanted.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame among 1000");
    }

    static Predicate<JsonNode> type(String type) {
        return f -> type.equals(f.get("type").asText());
    }

    static Predicate<JsonNode> about(String type, long client) {
        return type(type).and(f -> f.path("client").asLong() == client);
    }

    static JsonNode join(WsClient client, String room, String extra) {
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"j\"" + extra + "}");
        return next(client, type("joined"));
    }

    @Test
    @Order(1)
    void idsAreUniqueAcrossInstances() throws Exception {
        List<CompletableFuture<Long>> ids = new ArrayList<>();
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            JarServer server = servers.get(i % 3);
            ids.add(CompletableFuture.supplyAsync(() -> {
                WsClient client = WsClient.open(server.uri(), "/", "switchboard.v1");
                synchronized (clients) {
                    clients.add(client);
                }
                return client.hello();
            }, pool));
        }
        Set<Long> distinct = new HashSet<>();
        for (CompletableFuture<Long> id : ids) {
            distinct.add(id.get(60, TimeUnit.SECONDS));
        }
        assertThat(distinct).hasSize(12).allMatch(id -> id > 0);
        clients.forEach(WsClient::close);
    }

    @Test
    @Order(2)
    void lobbyNoticesAndBroadcastsCrossInstances() {
        try (WsClient x = WsClient.open(a.uri(), "/")) {
            long xid = x.hello();
            long yid;
            try (WsClient y = WsClient.open(b.uri(), "/")) {
                yid = y.hello();
                assertThat(next(x, about("client:connected", yid)).get("payload").asText()).isEqualTo("Client " + yid + " connected");
                y.send("{\"type\":\"broadcast\",\"payload\":{\"text\":\"hi\"}}");
                assertThat(next(x, type("broadcast")).toString())
                        .isEqualTo("{\"type\":\"broadcast\",\"payload\":{\"text\":\"hi\"},\"from\":" + yid + "}");
                x.send("{\"type\":\"broadcast\",\"payload\":\"back\"}");
                assertThat(next(y, type("broadcast")).get("from").asLong()).isEqualTo(xid);
            }
            next(x, about("client:disconnected", yid));
        }
    }

    @Test
    @Order(3)
    void roomsPresenceAndDirectCrossInstances() {
        try (WsClient x = v1(a); WsClient y = v1(b); WsClient z = v1(c)) {
            long xid = join(x, "cross", "").at("/payload/clients/0").asLong();
            JsonNode joined = join(y, "cross", "");
            long yid = joined.at("/payload/clients").get(1).asLong();
            assertThat(joined.at("/payload/clients").toString()).isEqualTo("[" + xid + "," + yid + "]");
            assertThat(next(x, type("room:joined")).get("client").asLong()).isEqualTo(yid);
            z.send("{\"type\":\"presence\",\"room\":\"cross\",\"id\":1}");
            assertThat(next(z, type("presence")).at("/payload/clients").toString()).isEqualTo("[" + xid + "," + yid + "]");
            x.send("{\"type\":\"direct\",\"to\":" + yid + ",\"payload\":\"psst\",\"id\":\"d\"}");
            assertThat(next(y, type("direct")).toString()).isEqualTo("{\"type\":\"direct\",\"from\":" + xid + ",\"payload\":\"psst\"}");
            assertThat(next(x, type("ack")).get("id").asText()).isEqualTo("d");
            x.send("{\"type\":\"publish\",\"room\":\"cross\",\"payload\":1,\"id\":\"p\"}");
            JsonNode own = next(x, type("message"));
            assertThat(next(x, type("ack")).at("/payload/offset").asLong()).isEqualTo(own.get("offset").asLong());
            assertThat(next(y, type("message")).toString()).isEqualTo(own.toString());
            y.send("{\"type\":\"leave\",\"room\":\"cross\"}");
            assertThat(next(x, type("room:left")).get("client").asLong()).isEqualTo(yid);
        }
    }

    @Test
    @Order(4)
    void roomStateCrossInstances() {
        try (WsClient x = v1(a); WsClient y = v1(b)) {
            join(x, "state-x", "");
            x.send("{\"type\":\"set\",\"room\":\"state-x\",\"key\":\"volume\",\"value\":0.7,\"id\":\"s\"}");
            assertThat(next(x, type("state")).toString()).isEqualTo("{\"type\":\"state\",\"room\":\"state-x\",\"payload\":{\"volume\":0.7}}");
            assertThat(next(x, type("ack")).get("id").asText()).isEqualTo("s");
            assertThat(join(y, "state-x", "").at("/payload/state").toString()).isEqualTo("{\"volume\":0.7}");
            x.send("{\"type\":\"set\",\"room\":\"state-x\",\"key\":\"colour\",\"value\":\"red\"}");
            assertThat(next(y, type("state")).toString()).isEqualTo("{\"type\":\"state\",\"room\":\"state-x\",\"payload\":{\"colour\":\"red\"}}");
        }
    }

    @Test
    @Order(5)
    void resumingOnAnotherInstanceWhileAnotherPublishesLosesAndDoublesNothing() throws Exception {
        int messages = 1000;
        String room = "race-" + System.nanoTime() % 100_000;
        try (WsClient publisher = v1(a)) {
            String epoch = join(publisher, room, ",\"events\":false").at("/payload/epoch").asText();
            List<WsClient> resumers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                WsClient r = v1(i % 2 == 0 ? b : c);
                join(r, room, ",\"events\":false");
                resumers.add(r);
            }
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int n = 1; n <= messages; n++) {
                    publisher.send("{\"type\":\"publish\",\"room\":\"" + room + "\",\"payload\":" + n + "}");
                }
            }, pool);
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (int i = 0; i < resumers.size(); i++) {
                WsClient first = resumers.get(i);
                JarServer elsewhere = i % 2 == 0 ? c : a;
                checks.add(CompletableFuture.runAsync(() -> resume(first, elsewhere, room, epoch, messages), pool));
            }
            for (CompletableFuture<Void> check : checks) {
                check.get(180, TimeUnit.SECONDS);
            }
            publishing.get(60, TimeUnit.SECONDS);
        }
    }

    /** Reads a few messages, drops, resumes on {@code elsewhere} from the last one seen, checks the run to the end. */
    private static void resume(WsClient first, JarServer elsewhere, String room, String epoch, int messages) {
        int seen = ThreadLocalRandom.current().nextInt(1, 150);
        long last = 0;
        for (int i = 0; i < seen; i++) {
            long offset = first.nextJson().get("offset").asLong();
            assertThat(offset).as("live run before the drop").isEqualTo(last + 1);
            last = offset;
        }
        first.close();
        try (WsClient client = v1(elsewhere)) {
            client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"events\":false,\"since\":{\"offset\":" + last
                    + ",\"epoch\":\"" + epoch + "\"}}");
            JsonNode joined = client.nextJson();
            assertThat(joined.get("type").asText()).isEqualTo("joined");
            assertThat(joined.at("/payload/recovered").asBoolean()).as(joined.toString()).isTrue();
            for (long expected = last + 1; expected <= messages; expected++) {
                JsonNode m = client.nextJson();
                assertThat(m.get("offset").asLong()).as("after resuming from " + last).isEqualTo(expected);
                assertThat(m.get("payload").asLong()).isEqualTo(expected);
            }
            client.expectNothingElse();
        }
    }

    @Test
    @Order(6)
    void aFeedIsProducedOncePerCluster() {
        try (WsClient x = v1(a); WsClient y = v1(b)) {
            join(x, "ticker", "");
            join(y, "ticker", "");
            List<JsonNode> seenByX = new ArrayList<>();
            List<JsonNode> seenByY = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                seenByX.add(next(x, type("api:ticker")).get("payload"));
                seenByY.add(next(y, type("api:ticker")).get("payload"));
            }
            // One producer: each price is the previous one plus its change. Two producers would
            // interleave two random walks.
            assertOneWalk(seenByX);
            assertOneWalk(seenByY);
            assertThat(seenByX.subList(4, 8)).containsAnyElementsOf(seenByY);
        }
    }

    static void assertOneWalk(List<JsonNode> items) {
        for (int i = 1; i < items.size(); i++) {
            double before = items.get(i - 1).get(0).get("price").asDouble();
            double now = items.get(i).get(0).get("price").asDouble();
            double change = items.get(i).get(0).get("change").asDouble();
            assertThat(now).as("item %d of %s", i, items).isCloseTo(Math.max(1, before + change), org.assertj.core.data.Offset.offset(0.015));
        }
    }

    @Test
    @Order(7)
    void framesSentRightAfterTheUpgradeAreHandledInOrderOnceTheClientHasItsId() throws Exception {
        // The id takes a Redis round trip; these frames arrive before it came back.
        try (RawPeer peer = RawPeer.open(b.uri(), "/")) {
            peer.sendText("{\"type\":\"hello\",\"id\":1}");
            peer.sendText("{\"type\":\"join\",\"room\":\"early\",\"id\":2,\"events\":false}");
            peer.sendText("{\"type\":\"publish\",\"room\":\"early\",\"payload\":\"first\",\"id\":3}");
            List<String> types = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                JsonNode frame = JSON.readTree(peer.read().payload());
                types.add(frame.get("type").asText() + frame.path("id").asText(""));
            }
            assertThat(types).containsExactly("welcome1", "joined2", "message", "ack3");
        }
    }

    @Test
    @Order(100)
    void aKilledInstancesClientsAreAnnouncedGoneAndResumeElsewhere() {
        try (WsClient watcher = WsClient.open(a.uri(), "/"); WsClient publisher = v1(b); WsClient ticker = v1(a)) {
            watcher.send("{\"type\":\"hello\"}");
            next(watcher, type("welcome"));
            join(watcher, "crash", "");
            join(publisher, "crash", ",\"events\":false");
            WsClient victim = v1(c);
            // The victim's instance leads the ticker: it was first in the room.
            join(victim, "ticker", "");
            join(ticker, "ticker", "");
            long victimId = join(victim, "crash", "").at("/payload/clients").get(2).asLong();
            next(watcher, about("room:joined", victimId));
            String epoch = null;
            long last = 0;
            for (int n = 1; n <= 10; n++) {
                publisher.send("{\"type\":\"publish\",\"room\":\"crash\",\"payload\":" + n + "}");
                JsonNode m = next(victim, type("message"));
                last = m.get("offset").asLong();
            }
            epoch = join(publisher, "crash", ",\"events\":false").at("/payload/epoch").asText();
            long killedAt = System.nanoTime();
            c.kill();
            for (int n = 11; n <= 20; n++) {
                publisher.send("{\"type\":\"publish\",\"room\":\"crash\",\"payload\":" + n + ",\"id\":" + n + "}");
                next(publisher, type("ack"));
            }
            next(watcher, about("room:left", victimId));
            next(watcher, about("client:disconnected", victimId));
            Duration announced = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(announced).as("announced after %s", announced).isLessThan(NODE_TIMEOUT.plusSeconds(8));
            // The victim reconnects elsewhere and resumes with no gap.
            try (WsClient again = v1(b)) {
                again.send("{\"type\":\"join\",\"room\":\"crash\",\"events\":false,\"since\":{\"offset\":" + last
                        + ",\"epoch\":\"" + epoch + "\"}}");
                assertThat(again.nextJson().at("/payload/recovered").asBoolean()).isTrue();
                for (long expected = last + 1; expected <= 20; expected++) {
                    assertThat(again.nextJson().get("payload").asLong()).isEqualTo(expected);
                }
                again.expectNothingElse();
            }
            // The ticker lost its leader with the instance; another one takes it over.
            long before = System.nanoTime();
            List<JsonNode> after = new ArrayList<>();
            while (after.size() < 3) {
                after.add(next(ticker, type("api:ticker")).get("payload"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    @Order(150)
    void anInstanceThatStopsAnnouncesItsClientsGoneAtOnce() {
        try (WsClient watcher = WsClient.open(a.uri(), "/")) {
            watcher.send("{\"type\":\"hello\"}");
            next(watcher, type("welcome"));
            WsClient leaving = v1(b);
            long id = join(leaving, "bye", "").at("/payload/clients/0").asLong();
            long stoppedAt = System.nanoTime();
            b.stop();
            next(watcher, about("client:disconnected", id));
            // The instance said goodbye as it stopped: nobody had to wait for its registration to expire.
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(NODE_TIMEOUT);
            watcher.send("{\"type\":\"presence\",\"room\":\"bye\",\"id\":\"bye\"}");
            assertThat(next(watcher, type("presence")).at("/payload/clients").size()).isZero();
            leaving.close();
        } finally {
            b.restart();
            awaitReady(b);
        }
    }

    @Test
    @Order(200)
    void aRedisOutageMakesInstancesNotReadyWhileTheyKeepServingTheirClients() {
        try (WsClient x = v1(a); WsClient y = v1(a); WsClient z = v1(b)) {
            String epoch = join(x, "outage", "").at("/payload/epoch").asText();
            redis.stop();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ready(a) == 503 && ready(b) == 503);
            // Local traffic goes on; what needs Redis says so.
            y.send("{\"type\":\"broadcast\",\"payload\":\"local\",\"id\":\"b\"}");
            assertThat(next(x, type("broadcast")).get("payload").asText()).isEqualTo("local");
            assertThat(next(y, type("ack")).get("id").asText()).isEqualTo("b");
            x.send("{\"type\":\"publish\",\"room\":\"outage\",\"payload\":1,\"id\":\"p\"}");
            assertThat(next(x, type("error")).at("/payload/code").asText()).isEqualTo("unavailable");
            redis.startAgain();
            servers.stream().filter(JarServer::alive).forEach(RedisClusterIT::awaitReady);
            z.send("{\"type\":\"broadcast\",\"payload\":\"back\"}");
            assertThat(next(x, type("broadcast")).get("payload").asText()).isEqualTo("back");
            // Redis came back empty: the history cannot be guaranteed.
            JsonNode rejoined = join(x, "outage", ",\"since\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}");
            assertThat(rejoined.at("/payload/recovered").asBoolean()).isFalse();
            assertThat(rejoined.at("/payload/epoch").asText()).isNotEqualTo(epoch);
        }
    }
}
