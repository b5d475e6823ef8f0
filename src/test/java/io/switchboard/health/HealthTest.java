package io.switchboard.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** /q/health/live and /q/health/ready while the node runs normally. */
@QuarkusTest
class HealthTest {

    @Test
    void aRunningNodeIsLiveAndReady() {
        given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP")).body("checks.name", hasItem("switchboard"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'switchboard' }.data.backplane", equalTo("reachable"))
                .body("checks.find { it.name == 'switchboard' }.data.draining", equalTo(false))
                .body("checks.find { it.name == 'switchboard' }.data.node", not(nullValue()));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
