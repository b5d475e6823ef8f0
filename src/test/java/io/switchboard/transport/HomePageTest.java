package io.switchboard.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

/** {@code /} is both the page (plain GET) and the hub (upgrade). */
@QuarkusTest
class HomePageTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void aPlainGetReceivesTheHtmlPage() {
        given().when().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<html"));
    }

    @Test
    void anUpgradeOnTheSamePathReachesTheHub() {
        try (WsClient client = WsClient.open(uri, "/")) {
            client.hello();
        }
    }
}
