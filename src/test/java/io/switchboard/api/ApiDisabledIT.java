package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static io.switchboard.api.Api.problem;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The packaged application in production mode without an API key: the API is closed to everyone. */
@QuarkusIntegrationTest
@TestProfile(ApiDisabledIT.Production.class)
class ApiDisabledIT {

    /** The production profile, and no key. */
    public static class Production implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.api.key", "");
        }
    }

    @Test
    void withoutAConfiguredKeyEveryCallIs403() {
        problem(given().get("/api/stats").then(), ProblemType.API_DISABLED);
        problem(given().header("Authorization", "Bearer test-key").get("/api/rooms").then(), ProblemType.API_DISABLED);
        problem(given().header("Authorization", "Bearer ").delete("/api/clients/1").then(), ProblemType.API_DISABLED);
    }

    @Test
    void healthAndMetricsStillAnswer() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
