package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static io.switchboard.api.Api.authed;
import static io.switchboard.api.Api.problem;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The API key guards every /api endpoint, and failures of the HTTP layer itself are problem details too. */
@QuarkusTest
class ApiAuthTest {

    @Test
    void withoutAKeyEveryEndpointAnswers401WithABearerChallenge() {
        for (String path : new String[] {"/api/stats", "/api/rooms", "/api/rooms/chat", "/api/rooms/chat/history"}) {
            problem(given().get(path).then(), ProblemType.UNAUTHORIZED)
                    .header("WWW-Authenticate", "Bearer realm=\"switchboard\"");
        }
        problem(given().contentType(ContentType.JSON).body("{\"payload\":1}").post("/api/broadcast").then(),
                ProblemType.UNAUTHORIZED);
        problem(given().delete("/api/clients/1").then(), ProblemType.UNAUTHORIZED);
    }

    @Test
    void aWrongKeyOrSchemeIsRefused() {
        problem(given().header("Authorization", "Bearer not-the-key").get("/api/stats").then(), ProblemType.UNAUTHORIZED)
                .body("detail", equalTo("the API key is not the configured one"));
        problem(given().header("Authorization", "Bearer " + Api.KEY + "x").get("/api/stats").then(), ProblemType.UNAUTHORIZED);
        problem(given().header("Authorization", "Basic dGVzdC1rZXk6").get("/api/stats").then(), ProblemType.UNAUTHORIZED);
        problem(given().header("Authorization", "Bearer").get("/api/stats").then(), ProblemType.UNAUTHORIZED);
    }

    @Test
    void theKeyOpensTheApiAndTheSchemeIsCaseInsensitive() {
        authed().get("/api/stats").then().statusCode(200).contentType(ContentType.JSON);
        given().header("Authorization", "bearer " + Api.KEY).get("/api/stats").then().statusCode(200);
    }

    @Test
    void unknownApiPathsAreNotFoundProblems() {
        problem(authed().get("/api/nothing-here").then(), ProblemType.NOT_FOUND);
        problem(authed().post("/api/rooms/chat/nothing").then(), ProblemType.NOT_FOUND);
        problem(given().get("/api").then(), ProblemType.NOT_FOUND);
    }

    @Test
    void aWrongMethodOrMediaTypeIsAProblem() {
        problem(authed().put("/api/stats").then(), ProblemType.METHOD_NOT_ALLOWED);
        problem(authed().contentType(ContentType.TEXT).body("hi").post("/api/broadcast").then(),
                ProblemType.UNSUPPORTED_MEDIA_TYPE);
        problem(authed().accept(ContentType.XML).get("/api/stats").then(), ProblemType.NOT_ACCEPTABLE);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoKey() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
