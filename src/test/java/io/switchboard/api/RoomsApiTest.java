package io.switchboard.api;

import static io.switchboard.api.Api.authed;
import static io.switchboard.api.Api.json;
import static io.switchboard.api.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.WsClient;

/** GET /api/rooms (paged), /api/rooms/{room} and /api/rooms/{room}/history, with members on real sockets. */
@QuarkusTest
class RoomsApiTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void roomsComeInNameOrderAPageAtATime() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            clients.join(0, "zz-page-b");
            clients.join(0, "zz-page-a");
            clients.join(0, "zz-page-c");
            clients.join(1, "zz-page-a");

            authed().queryParam("after", "zz-page-").queryParam("limit", 2).get("/api/rooms").then().statusCode(200)
                    .body("rooms.room", contains("zz-page-a", "zz-page-b"))
                    .body("rooms.members", contains(2, 1))
                    .body("next", equalTo("zz-page-b"));
            authed().queryParam("after", "zz-page-b").queryParam("limit", 2).get("/api/rooms").then().statusCode(200)
                    .body("rooms.room", contains("zz-page-c"))
                    .body("next", nullValue());
            // Without paging parameters: the first page, the lobby among the rooms.
            List<String> first = authed().get("/api/rooms").then().statusCode(200).extract().jsonPath().getList("rooms.room");
            assertThat(first).contains("lobby", "zz-page-a").isSorted();
        }
    }

    @Test
    void pagingParametersAreChecked() {
        problem(authed().queryParam("limit", 0).get("/api/rooms").then(), ProblemType.BAD_REQUEST);
        problem(authed().queryParam("limit", 1001).get("/api/rooms").then(), ProblemType.BAD_REQUEST)
                .body("detail", equalTo("limit must be an integer from 1 to 1000"));
        problem(authed().queryParam("limit", "ten").get("/api/rooms").then(), ProblemType.BAD_REQUEST);
        problem(authed().queryParam("after", "a b").get("/api/rooms").then(), ProblemType.BAD_ROOM);
    }

    @Test
    void aRoomShowsItsMembersPositionAndState() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            clients.join(0, "api-show");
            clients.join(1, "api-show");
            WsClient a = clients.get(0);
            a.nextJson(); // room:joined
            a.send("{\"type\":\"set\",\"room\":\"api-show\",\"key\":\"topic\",\"value\":{\"t\":\"release\"},\"id\":1}");
            a.nextJson(); // state
            a.nextJson(); // ack
            json("{\"payload\":1}").post("/api/rooms/api-show/messages").then().statusCode(200);

            authed().get("/api/rooms/api-show").then().statusCode(200)
                    .body("room", equalTo("api-show"))
                    .body("members", equalTo(2))
                    .body("clients", contains((int) clients.id(0), (int) clients.id(1)))
                    .body("feed", equalTo(false))
                    .body("history", equalTo(true))
                    .body("offset", equalTo(1))
                    .body("epoch", not(nullValue()))
                    .body("state.topic.t", equalTo("release"));
        }
    }

    @Test
    void aFeedRoomAndAnEmptyRoomShowWhatTheyHave() {
        authed().get("/api/rooms/ticker").then().statusCode(200)
                .body("feed", equalTo(true)).body("history", equalTo(false)).body("$", not(hasKey("state")))
                .body("$", not(hasKey("offset")));
        authed().get("/api/rooms/nobody-here").then().statusCode(200)
                .body("members", equalTo(0)).body("clients", org.hamcrest.Matchers.empty()).body("offset", equalTo(0));
        problem(authed().get("/api/rooms/bad%20name").then(), ProblemType.BAD_ROOM);
    }

    @Test
    void historyReadsTheLatestOrPagesOnFromAnOffset() {
        for (int i = 1; i <= 5; i++) {
            json("{\"payload\":" + i + "}").post("/api/rooms/api-hist/messages").then().statusCode(200);
        }
        JsonPath all = authed().get("/api/rooms/api-hist/history").then().statusCode(200)
                .body("history", equalTo(true)).body("offset", equalTo(5)).body("$", not(hasKey("recovered")))
                .body("messages.offset", contains(1, 2, 3, 4, 5)).extract().jsonPath();
        String epoch = all.getString("epoch");
        assertThat(all.getMap("messages[0]")).containsEntry("type", "message").containsEntry("from", "server")
                .containsEntry("room", "api-hist");

        authed().queryParam("limit", 2).get("/api/rooms/api-hist/history").then().statusCode(200)
                .body("messages.payload", contains(4, 5));
        authed().queryParam("since", 2).queryParam("epoch", epoch).queryParam("limit", 2).get("/api/rooms/api-hist/history")
                .then().statusCode(200).body("recovered", equalTo(true)).body("messages.offset", contains(3, 4));
        authed().queryParam("since", 5).get("/api/rooms/api-hist/history")
                .then().statusCode(200).body("recovered", equalTo(true)).body("messages", org.hamcrest.Matchers.empty());
    }

    @Test
    void historyTellsWhenMessagesAfterTheOffsetAreGone() {
        // history.size is 100: publishing 103 drops offsets 1-3.
        for (int i = 1; i <= 103; i++) {
            json("{\"payload\":" + i + "}").post("/api/rooms/api-lost/messages").then().statusCode(200);
        }
        authed().queryParam("since", 1).queryParam("limit", 2).get("/api/rooms/api-lost/history").then().statusCode(200)
                .body("recovered", equalTo(false)).body("messages.offset", contains(4, 5));
        authed().queryParam("since", 3).queryParam("limit", 1).get("/api/rooms/api-lost/history").then().statusCode(200)
                .body("recovered", equalTo(true)).body("messages.offset", contains(4));
    }

    @Test
    void aPositionOfAnotherEpochOrAheadOfTheRoomIsAConflict() {
        json("{\"payload\":1}").post("/api/rooms/api-epoch/messages").then().statusCode(200);
        problem(authed().queryParam("since", 1).queryParam("epoch", "other").get("/api/rooms/api-epoch/history").then(),
                ProblemType.UNRECOVERABLE_POSITION);
        problem(authed().queryParam("since", 7).get("/api/rooms/api-epoch/history").then(), ProblemType.UNRECOVERABLE_POSITION)
                .body("detail", equalTo("offset 7 is ahead of the room's latest offset 1"));
        problem(authed().queryParam("since", "x").get("/api/rooms/api-epoch/history").then(), ProblemType.BAD_REQUEST);
    }

    @Test
    void aRoomWithoutHistorySaysSo() {
        json("{\"payload\":1}").post("/api/rooms/nohist:h/messages").then().statusCode(200);
        authed().get("/api/rooms/nohist:h/history").then().statusCode(200)
                .body("history", equalTo(false)).body("messages", org.hamcrest.Matchers.empty()).body("$", not(hasKey("offset")));
    }
}
