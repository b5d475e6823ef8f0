package io.switchboard.api;

import static io.switchboard.api.Api.authed;
import static io.switchboard.api.Api.json;
import static io.switchboard.api.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.WsClient;

/** POST /api/rooms/{room}/messages: the same frame a member's publish makes, to members on real sockets. */
@QuarkusTest
class RoomPublishApiTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void membersReceiveTheMessageFromTheServerWithItsOffset() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            clients.join(0, "api-pub");
            clients.join(1, "api-pub");
            clients.get(0).nextJson(); // room:joined of the second member

            JsonPath reply = json("{\"payload\":{\"text\":\"deploy at 22:00\"}}").post("/api/rooms/api-pub/messages")
                    .then().statusCode(200).contentType(ContentType.JSON)
                    .body("room", equalTo("api-pub")).body("offset", equalTo(1))
                    .extract().jsonPath();
            String epoch = reply.getString("epoch");
            assertThat(epoch).isNotBlank();

            String frame = "{\"type\":\"message\",\"room\":\"api-pub\",\"from\":\"server\",\"offset\":1,\"payload\":{\"text\":\"deploy at 22:00\"}}";
            assertThat(clients.get(0).next()).isEqualTo(frame);
            assertThat(clients.get(1).next()).isEqualTo(frame);

            // A member's publish continues the same history.
            clients.get(0).send("{\"type\":\"publish\",\"room\":\"api-pub\",\"payload\":2,\"id\":1}");
            assertThat(clients.get(1).nextJson().get("offset").asLong()).isEqualTo(2);
            assertThat(clients.get(0).nextJson().get("offset").asLong()).isEqualTo(2);
            assertThat(clients.get(0).nextJson().get("payload").get("epoch").asText()).isEqualTo(epoch);
        }
    }

    @Test
    void theSenderCanBeNamedAndThePayloadArrivesByteForByte() {
        try (WsClient a = WsClient.open(uri, "/")) {
            a.hello();
            a.send("{\"type\":\"join\",\"room\":\"api-named\"}");
            a.nextJson();
            String payload = "{ \"price\" : 12345678901234567890.12345678901234567890, \"b\":[1 ,2],\"a\":1e3 }";
            json("{\"from\":\"billing\",\"payload\":" + payload + "}").post("/api/rooms/api-named/messages")
                    .then().statusCode(200);
            assertThat(a.next()).isEqualTo("{\"type\":\"message\",\"room\":\"api-named\",\"from\":\"billing\",\"offset\":1,\"payload\":"
                    + payload + "}");
        }
    }

    @Test
    void aRoomWithoutHistoryGetsNoOffset() {
        try (WsClient a = WsClient.open(uri, "/")) {
            a.hello();
            a.send("{\"type\":\"join\",\"room\":\"nohist:api\"}");
            a.nextJson();
            json("{\"payload\":[1,2]}").post("/api/rooms/nohist:api/messages").then().statusCode(200)
                    .body("room", equalTo("nohist:api")).body("offset", nullValue()).body("epoch", nullValue());
            assertThat(a.next()).isEqualTo("{\"type\":\"message\",\"room\":\"nohist:api\",\"from\":\"server\",\"payload\":[1,2]}");
        }
    }

    @Test
    void aRoomNobodyIsInKeepsTheMessageForLateJoiners() {
        json("{\"payload\":\"early\"}").post("/api/rooms/api-empty/messages").then().statusCode(200).body("offset", equalTo(1));
        try (WsClient a = WsClient.open(uri, "/")) {
            a.hello();
            a.send("{\"type\":\"join\",\"room\":\"api-empty\",\"history\":5}");
            assertThat(a.nextJson().get("type").asText()).isEqualTo("joined");
            assertThat(a.next()).isEqualTo("{\"type\":\"message\",\"room\":\"api-empty\",\"from\":\"server\",\"offset\":1,\"payload\":\"early\"}");
        }
    }

    @Test
    void badRequestsAreProblemsThatSayWhy() {
        problem(json("{\"payload\":1}").post("/api/rooms/has space/messages").then(), ProblemType.BAD_ROOM);
        problem(json("{\"payload\":1}").post("/api/rooms/" + "r".repeat(65) + "/messages").then(), ProblemType.BAD_ROOM);
        problem(json("{\"payload\":1").post("/api/rooms/ok/messages").then(), ProblemType.BAD_JSON);
        problem(json("{\"payload\":1} {}").post("/api/rooms/ok/messages").then(), ProblemType.BAD_JSON);
        problem(json("").post("/api/rooms/ok/messages").then(), ProblemType.BAD_JSON);
        problem(json("[1]").post("/api/rooms/ok/messages").then(), ProblemType.BAD_REQUEST);
        problem(json("{\"text\":1}").post("/api/rooms/ok/messages").then(), ProblemType.BAD_REQUEST)
                .body("detail", equalTo("\"payload\" is required"));
        problem(json("{\"payload\":1,\"from\":\"two words\"}").post("/api/rooms/ok/messages").then(), ProblemType.BAD_REQUEST);
        problem(json("{\"payload\":1,\"from\":7}").post("/api/rooms/ok/messages").then(), ProblemType.BAD_REQUEST);
        problem(json("{\"payload\":" + "[".repeat(100) + "]".repeat(100) + "}").post("/api/rooms/ok/messages").then(),
                ProblemType.BAD_JSON);
    }

    @Test
    void aFeedRoomTakesNoPublish() {
        problem(json("{\"payload\":1}").post("/api/rooms/server-time/messages").then(), ProblemType.FORBIDDEN)
                .body("detail", equalTo("\"server-time\" is a feed room: nobody publishes into it"));
    }

    @Test
    void aPayloadLargerThanAClientMayPublishIsRefused() {
        String big = "\"" + "x".repeat(70_000) + "\"";
        problem(json("{\"payload\":" + big + "}").post("/api/rooms/ok/messages").then(), ProblemType.LIMIT_EXCEEDED);
        authed().get("/api/rooms/ok").then().statusCode(200).body("offset", equalTo(0));
    }
}
