package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** RestAssured requests with the test profile's API key, and the checks every problem response gets. */
final class Api {
    /** {@code %test.switchboard.api.key}. */
    static final String KEY = "test-key";

    private Api() {
    }

    /** A request with {@code Authorization: Bearer <test key>}. */
    static RequestSpecification authed() {
        return given().header("Authorization", "Bearer " + KEY);
    }

    /** A JSON request with the key. */
    static RequestSpecification json(String body) {
        return authed().contentType(ContentType.JSON).body(body);
    }

    /**
     * Checks that {@code response} is an RFC 9457 problem of {@code type}: its status, type URI,
     * title and code, a detail, and nothing that looks like a stack trace.
     */
    static ValidatableResponse problem(ValidatableResponse response, ProblemType type) {
        return response.statusCode(type.status())
                .contentType("application/problem+json")
                .body("type", equalTo("urn:switchboard:problem:" + type.code()))
                .body("title", equalTo(type.title()))
                .body("status", equalTo(type.status()))
                .body("code", equalTo(type.code()))
                .body("detail", not(emptyOrNullString()))
                .body(not(containsString("\tat ")))
                .body(not(containsString("Exception")));
    }
}
