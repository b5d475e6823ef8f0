package io.switchboard.api;

import static io.switchboard.api.Api.json;
import static io.switchboard.api.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.WsClient;

/** POST /api/broadcast: the plain chat protocol's lobby broadcast, to every client. */
@QuarkusTest
class BroadcastApiTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void everyClientReceivesTheBroadcastFromTheServer() {
        try (HubClients clients = HubClients.open(uri, 2);
                WsClient v1 = WsClient.open(uri, "/", "switchboard.v1")) {
            v1.hello();
            clients.get(0).nextJson(); // client:connected of v1
            clients.get(1).nextJson();
            json("{\"payload\":{\"text\":\"maintenance at 22:00\"}}").post("/api/broadcast").then().statusCode(204);
            String frame = "{\"type\":\"broadcast\",\"payload\":{\"text\":\"maintenance at 22:00\"},\"from\":\"server\"}";
            assertThat(clients.get(0).next()).isEqualTo(frame);
            assertThat(clients.get(1).next()).isEqualTo(frame);
            assertThat(v1.next()).isEqualTo(frame);

            json("{\"payload\":\"hi\",\"from\":\"ops\"}").post("/api/broadcast").then().statusCode(204);
            assertThat(clients.get(0).next()).isEqualTo("{\"type\":\"broadcast\",\"payload\":\"hi\",\"from\":\"ops\"}");
        }
    }

    @Test
    void aBadBodyIsAProblem() {
        problem(json("{\"payload\":").post("/api/broadcast").then(), ProblemType.BAD_JSON);
        problem(json("{}").post("/api/broadcast").then(), ProblemType.BAD_REQUEST);
    }
}
