package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.backplane.RedisClusterIT;
import io.switchboard.testing.JarServer;
import io.switchboard.testing.RedisProcess;

/**
 * Connection state recovery across instances: two packaged instances on one real Redis, official
 * socket.io-clients. A socket whose instance is killed resumes on the other one with its id, its
 * rooms and every message it missed, and stays present after the dead instance is reaped.
 */
class SocketIoRecoveryClusterIT {
    static RedisProcess redis;
    static List<JarServer> servers;

    @BeforeAll
    static void startCluster() {
        SocketIoNode.requireNode();
        redis = RedisProcess.start();
        servers = RedisClusterIT.instances(2, redis, Path.of("target", "socketio-cluster-it"));
    }

    @AfterAll
    static void stopCluster() {
        RedisClusterIT.stop(servers, redis);
    }

    @Test
    void aSocketOfAKilledInstanceResumesOnAnotherWithItsIdRoomsAndMissedMessages() {
        JarServer doomed = servers.get(0);
        JarServer survivor = servers.get(1);
        try (SocketIoNode ada = SocketIoNode.connect(doomed.uri(), SocketIoNode.WEBSOCKET_ONLY); SocketIoNode bob = SocketIoNode.connect(survivor.uri(), SocketIoNode.WEBSOCKET_ONLY)) {
            JsonNode first = ada.connected();
            bob.connected();
            ada.emitWithAck("join", "crash-io");
            bob.emitWithAck("join", "crash-io");
            bob.emitWithAck("publish", "crash-io", "m1");
            assertThat(ada.nextEvent("message").get("args").toString()).endsWith(",\"2:1\"]");

            doomed.kill();
            ada.await(r -> "disconnect".equals(r.path("ev").asText()));
            bob.emitWithAck("publish", "crash-io", "m2");
            bob.emitWithAck("publish", "crash-io", "m3");

            ada.connectTo(survivor.uri(), SocketIoNode.WEBSOCKET_ONLY);
            JsonNode again = ada.connected();
            assertThat(again.get("recovered").asBoolean()).isTrue();
            assertThat(again.get("id").asText()).isEqualTo(first.get("id").asText());
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                missed.add(ada.nextEvent("message").get("args").toString());
            }
            assertThat(missed).containsExactly(
                    "[\"m2\",{\"room\":\"crash-io\",\"from\":" + bob.id() + ",\"offset\":2},\"2:2\"]",
                    "[\"m3\",{\"room\":\"crash-io\",\"from\":" + bob.id() + ",\"offset\":3},\"2:3\"]");

            // The killed instance is declared dead and its memberships reaped; the resumed socket,
            // which has the same id on a live instance, stays present.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> redis.keys("sb:dead:*") > 0);
            assertThat(bob.emitWithAck("presence", "crash-io").get(0).get("payload").get("clients").toString())
                    .isEqualTo("[" + Math.min(ada.id(), bob.id()) + "," + Math.max(ada.id(), bob.id()) + "]");
            bob.emitWithAck("publish", "crash-io", "m4");
            assertThat(ada.nextEvent("message").get("args").toString()).endsWith(",\"offset\":4},\"2:4\"]");
        }
    }
}
