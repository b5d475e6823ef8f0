package io.switchboard.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.hub.Lifecycle;

/**
 * A draining node turns not-ready (so the load balancer sends new clients elsewhere) and stays live
 * (so it is not restarted while its clients finish). Its own profile: draining cannot be undone.
 */
@QuarkusTest
@TestProfile(ReadinessDrainingTest.Draining.class)
class ReadinessDrainingTest {

    /** A separate application, so the drain does not reach other test classes. */
    public static class Draining implements QuarkusTestProfile {
    }

    @Inject
    Lifecycle lifecycle;

    @Test
    void drainingFlipsReadinessButNotLiveness() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        lifecycle.startDraining();
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'switchboard' }.data.draining", equalTo(true));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("switchboard_draining 1.0"));
        given().header("Authorization", "Bearer test-key").get("/api/stats").then().statusCode(200)
                .body("ready", equalTo(false));
    }
}
