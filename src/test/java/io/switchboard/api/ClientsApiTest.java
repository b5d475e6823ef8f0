package io.switchboard.api;

import static io.switchboard.api.Api.authed;
import static io.switchboard.api.Api.json;
import static io.switchboard.api.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.HubClients;
import io.switchboard.testing.WsClient;

/** POST /api/clients/{id}/messages and DELETE /api/clients/{id}, against clients on real sockets. */
@QuarkusTest
class ClientsApiTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aDirectMessageReachesOnlyItsClient() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            json("{\"payload\":{\"n\":1}}").post("/api/clients/" + clients.id(1) + "/messages").then().statusCode(204);
            assertThat(clients.get(1).next()).isEqualTo("{\"type\":\"direct\",\"from\":\"server\",\"payload\":{\"n\":1}}");
            json("{\"from\":\"support\",\"payload\":\"hi\"}").post("/api/clients/" + clients.id(1) + "/messages").then().statusCode(204);
            assertThat(clients.get(1).next()).isEqualTo("{\"type\":\"direct\",\"from\":\"support\",\"payload\":\"hi\"}");
            clients.get(0).expectNothingElse();
            clients.get(1).expectNothingElse();
        }
    }

    @Test
    void anUnknownOrMalformedClientIsAProblem() {
        problem(json("{\"payload\":1}").post("/api/clients/999999999/messages").then(), ProblemType.NO_SUCH_CLIENT)
                .body("detail", equalTo("no client 999999999 is connected"));
        problem(json("{\"payload\":1}").post("/api/clients/abc/messages").then(), ProblemType.BAD_REQUEST);
        problem(json("{\"payload\":1}").post("/api/clients/0/messages").then(), ProblemType.BAD_REQUEST);
        problem(json("{\"payload\":1}").post("/api/clients/-4/messages").then(), ProblemType.BAD_REQUEST);
        problem(authed().delete("/api/clients/999999999").then(), ProblemType.NO_SUCH_CLIENT);
        problem(authed().delete("/api/clients/x1").then(), ProblemType.BAD_REQUEST);
    }

    @Test
    void aDisconnectClosesWith4500AndTheReasonAndTellsTheOthers() {
        try (HubClients clients = HubClients.open(uri, 2)) {
            authed().queryParam("reason", "banned for spam").delete("/api/clients/" + clients.id(1)).then().statusCode(204);
            assertThat(clients.get(1).closeCode()).isEqualTo(4500);
            assertThat(clients.get(1).closeReason()).isEqualTo("banned for spam");
            assertThat(clients.get(0).nextJson().get("type").asText()).isEqualTo("client:disconnected");
            problem(authed().delete("/api/clients/" + clients.id(1)).then(), ProblemType.NO_SUCH_CLIENT);
        }
    }

    @Test
    void aDisconnectWithoutReasonSaysTheServerDidIt() {
        try (WsClient a = WsClient.open(uri, "/")) {
            long id = a.hello();
            authed().delete("/api/clients/" + id).then().statusCode(204);
            assertThat(a.closeCode()).isEqualTo(4500);
            assertThat(a.closeReason()).isEqualTo("disconnected by the server");
        }
    }

    @Test
    void aCloseReasonLongerThanRfc6455AllowsIsRefused() {
        try (WsClient a = WsClient.open(uri, "/")) {
            long id = a.hello();
            problem(authed().queryParam("reason", "é".repeat(62)).delete("/api/clients/" + id).then(), ProblemType.BAD_REQUEST);
            authed().queryParam("reason", "é".repeat(61) + "x").delete("/api/clients/" + id).then().statusCode(204);
            assertThat(a.closeReason()).isEqualTo("é".repeat(61) + "x");
        }
    }
}
