package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

/** Every refused request gets an error frame with a stable code; the socket keeps working. */
@QuarkusTest
class RequestErrorsTest {

    @TestHTTPResource("/")
    URI uri;

    WsClient client;
    WsClient bystander;

    @BeforeEach
    void open() {
        client = WsClient.open(uri, "/");
        client.hello();
        bystander = WsClient.open(uri, "/");
        bystander.hello();
        client.nextJson(); // client:connected of the bystander
    }

    @AfterEach
    void close() {
        bystander.expectNothingElse();
        client.expectNothingElse();
        client.close();
        bystander.close();
    }

    @Test
    void textThatIsNotJsonIsBadJson() {
        expectError("{\"type\":", null, "bad_json");
        expectError("hello", null, "bad_json");
        expectError("", null, "bad_json");
        expectError("{\"type\":\"hello\"} trailing", null, "bad_json");
    }

    @Test
    void jsonThatIsNotARequestIsBadRequest() {
        expectError("[1,2]", null, "bad_request");
        expectError("\"hello\"", null, "bad_request");
        expectError("{}", null, "bad_request");
        expectError("{\"type\":5,\"id\":1}", "1", "bad_request");
        expectError("{\"type\":\"hello\",\"id\":{\"x\":1}}", null, "bad_request");
        expectError("{\"type\":\"join\",\"id\":2}", "2", "bad_request");
        expectError("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":3}", "3", "bad_request");
        expectError("{\"type\":\"direct\",\"payload\":1,\"id\":4}", "4", "bad_request");
        expectError("{\"type\":\"direct\",\"to\":\"nine\",\"payload\":1,\"id\":5}", "5", "bad_request");
        expectError("{\"type\":\"broadcast\",\"id\":\"b\"}", "\"b\"", "bad_request");
    }

    @Test
    void anUnknownTypeIsUnknownType() {
        expectError("{\"type\":\"subscribe\",\"id\":\"u\"}", "\"u\"", "unknown_type");
    }

    @Test
    void badRoomNamesAreBadRoom() {
        expectError("{\"type\":\"join\",\"room\":\"\",\"id\":1}", "1", "bad_room");
        expectError("{\"type\":\"join\",\"room\":\"has space\",\"id\":1}", "1", "bad_room");
        expectError("{\"type\":\"join\",\"room\":\"" + "r".repeat(65) + "\",\"id\":1}", "1", "bad_room");
        expectError("{\"type\":\"presence\",\"room\":\"a/b\",\"id\":1}", "1", "bad_room");
        expectError("{\"type\":\"join\",\"room\":7,\"id\":1}", "1", "bad_room");
    }

    @Test
    void actingInARoomWithoutJoiningIsNotMember() {
        expectError("{\"type\":\"publish\",\"room\":\"elsewhere\",\"payload\":1,\"id\":1}", "1", "not_member");
        expectError("{\"type\":\"broadcast\",\"room\":\"elsewhere\",\"payload\":1,\"id\":2}", "2", "not_member");
        expectError("{\"type\":\"leave\",\"room\":\"elsewhere\",\"id\":3}", "3", "not_member");
    }

    @Test
    void anUnknownRecipientIsNoSuchClient() {
        expectError("{\"type\":\"direct\",\"to\":987654321,\"payload\":1,\"id\":1}", "1", "no_such_client");
    }

    @Test
    void publishingIntoAFeedRoomIsForbiddenEvenForNonMembers() {
        expectError("{\"type\":\"publish\",\"room\":\"server-time\",\"payload\":1,\"id\":1}", "1", "forbidden");
        expectError("{\"type\":\"broadcast\",\"room\":\"ticker\",\"payload\":1,\"id\":2}", "2", "forbidden");
    }

    @Test
    void theLobbyCannotBeLeft() {
        expectError("{\"type\":\"leave\",\"room\":\"lobby\",\"id\":1}", "1", "forbidden");
    }

    @Test
    void binaryFramesOnTheHubAreBadRequest() {
        client.sendBinary(new byte[] {1, 2, 3});
        assertThat(client.nextJson().get("payload").get("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void theSocketKeepsWorkingAfterErrors() {
        expectError("nope", null, "bad_json");
        expectError("{\"type\":\"nope\"}", null, "unknown_type");
        client.send("{\"type\":\"broadcast\",\"payload\":\"still here\"}");
        assertThat(bystander.nextJson().get("payload").asText()).isEqualTo("still here");
    }

    private void expectError(String request, String id, String code) {
        client.send(request);
        String idField = id == null ? "" : ",\"id\":" + id;
        assertThat(client.next()).as(request)
                .matches("\\{\"type\":\"error\"" + java.util.regex.Pattern.quote(idField)
                        + ",\"payload\":\\{\"code\":\"" + code + "\",\"message\":\"(?:[^\"\\\\]|\\\\.)+\"}}");
    }
}
