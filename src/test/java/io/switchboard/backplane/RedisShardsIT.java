package io.switchboard.backplane;

import static io.switchboard.backplane.RedisClusterIT.join;
import static io.switchboard.backplane.RedisClusterIT.next;
import static io.switchboard.backplane.RedisClusterIT.type;
import static io.switchboard.backplane.RedisClusterIT.v1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.testing.JarServer;
import io.switchboard.testing.RedisProcess;
import io.switchboard.testing.WsClient;

/**
 * Two packaged instances over two independent Redis shards ({@code switchboard.backplane.redis.shards=a,b}):
 * rooms spread over both, and a client sees the same rooms, history, resumes, state and presence.
 */
class RedisShardsIT {
    static RedisProcess shardA;
    static RedisProcess shardB;
    static List<JarServer> servers;

    @BeforeAll
    static void startCluster() {
        shardA = RedisProcess.start();
        shardB = RedisProcess.start();
        Map<String, String> props = new HashMap<>(RedisClusterIT.redisMode("redis://127.0.0.1:1"));
        props.remove("quarkus.redis.hosts");
        props.put("switchboard.backplane.redis.shards", "a,b");
        props.put("quarkus.redis.a.hosts", shardA.url());
        props.put("quarkus.redis.b.hosts", shardB.url());
        servers = JarServer.startAll(2, Path.of("target", "shards-it"), props);
        servers.forEach(RedisClusterIT::awaitReady);
    }

    @AfterAll
    static void stopCluster() {
        if (servers != null) {
            servers.forEach(JarServer::close);
        }
        if (shardA != null) {
            shardA.close();
        }
        if (shardB != null) {
            shardB.close();
        }
    }

    @Test
    void roomsSpreadOverBothShardsAndBehaveAsOnOne() {
        JarServer a = servers.get(0);
        JarServer b = servers.get(1);
        List<WsClient> open = new ArrayList<>();
        try (WsClient x = v1(a); WsClient y = v1(b)) {
            for (int i = 0; i < 16; i++) {
                String room = "spread-" + i;
                join(x, room, "");
                JsonNode joined = join(y, room, "");
                assertThat(joined.at("/payload/clients").size()).isEqualTo(2);
                next(x, type("room:joined"));
                x.send("{\"type\":\"publish\",\"room\":\"" + room + "\",\"payload\":" + i + ",\"id\":\"p\"}");
                JsonNode m = next(y, type("message"));
                assertThat(m.get("offset").asLong()).isEqualTo(1);
                assertThat(m.get("payload").asInt()).isEqualTo(i);
                x.send("{\"type\":\"set\",\"room\":\"" + room + "\",\"key\":\"k\",\"value\":" + i + "}");
                assertThat(next(y, type("state")).at("/payload/k").asInt()).isEqualTo(i);
            }
            // Both Redis servers hold rooms: their streams and presence.
            assertThat(shardA.keys("sb:{spread-*}:h")).isPositive();
            assertThat(shardB.keys("sb:{spread-*}:h")).isPositive();
            assertThat(shardA.keys("sb:{spread-*}:h") + shardB.keys("sb:{spread-*}:h")).isEqualTo(16);
            // Late joiners and resumers on either instance see each room's own history and state.
            for (int i = 0; i < 16; i++) {
                String room = "spread-" + i;
                WsClient late = v1(i % 2 == 0 ? a : b);
                open.add(late);
                JsonNode joined = join(late, room, ",\"history\":5");
                assertThat(joined.at("/payload/offset").asLong()).isEqualTo(1);
                assertThat(joined.at("/payload/state/k").asInt()).isEqualTo(i);
                assertThat(joined.at("/payload/clients").size()).isEqualTo(3);
                assertThat(late.nextJson().get("payload").asInt()).isEqualTo(i);
                late.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"since\":{\"offset\":0,\"epoch\":\""
                        + joined.at("/payload/epoch").asText() + "\"}}");
                assertThat(next(late, type("joined")).at("/payload/recovered").asBoolean()).isTrue();
                assertThat(late.nextJson().get("offset").asLong()).isEqualTo(1);
            }
            x.send("{\"type\":\"presence\",\"room\":\"spread-3\",\"id\":1}");
            assertThat(next(x, type("presence")).at("/payload/clients").size()).isEqualTo(3);
        } finally {
            open.forEach(WsClient::close);
        }
    }
}
