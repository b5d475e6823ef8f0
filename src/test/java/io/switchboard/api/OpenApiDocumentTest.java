package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The OpenAPI document at /q/openapi lists every endpoint, its security and its problem responses, in
 * JSON and in YAML (both written when asked for, not at start-up).
 */
@QuarkusTest
class OpenApiDocumentTest {

    /** Every operation of the API: path → methods. */
    private static final Map<String, List<String>> OPERATIONS = Map.of(
            "/api/rooms", List.of("get"),
            "/api/rooms/{room}", List.of("get"),
            "/api/rooms/{room}/messages", List.of("post"),
            "/api/rooms/{room}/history", List.of("get"),
            "/api/clients/{id}", List.of("delete"),
            "/api/clients/{id}/messages", List.of("post"),
            "/api/broadcast", List.of("post"),
            "/api/stats", List.of("get"));

    @Test
    void theDocumentListsEveryEndpointAndNothingElse() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("openapi", org.hamcrest.Matchers.startsWith("3."))
                .body("info.title", equalTo("Switchboard HTTP API"))
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertThat(paths.keySet()).containsExactlyInAnyOrderElementsOf(OPERATIONS.keySet());
        OPERATIONS.forEach((path, methods) -> assertThat(paths.get(path).keySet()).containsAll(methods));
    }

    @Test
    void everyOperationNeedsTheKeyAndListsItsProblems() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getString("components.securitySchemes.apiKey.type")).isEqualTo("http");
        assertThat(doc.getString("components.securitySchemes.apiKey.scheme")).isEqualTo("bearer");
        assertThat(doc.getList("security.apiKey")).hasSize(1);
        assertThat(doc.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status", "detail", "code");
        OPERATIONS.forEach((path, methods) -> methods.forEach(method -> {
            String base = "paths.'" + path + "'." + method + ".responses";
            assertThat(doc.getMap(base)).as(method + " " + path).containsKeys("400", "401", "403", "500", "503");
            assertThat(doc.getString(base + ".'401'.content.'application/problem+json'.schema.$ref"))
                    .isEqualTo("#/components/schemas/Problem");
        }));
        assertThat(doc.getString("paths.'/api/rooms/{room}/messages'.post.requestBody.content.'application/json'.schema.$ref"))
                .isEqualTo("#/components/schemas/MessageRequest");
    }

    @Test
    void theYamlDocumentSaysWhatTheJsonDocumentSays() throws Exception {
        String yaml = given().get("/q/openapi").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/yaml")).extract().asString();
        String json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/json")).extract().asString();
        JsonNode fromYaml = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThat(fromYaml).isEqualTo(new ObjectMapper().readTree(json));
        assertThat(fromYaml.get("paths").size()).isEqualTo(OPERATIONS.size());
    }
}
