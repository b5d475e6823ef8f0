package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.Tokens;
import io.switchboard.testing.WsClient;

/**
 * Room rights from configured rules ({@link AuthProfile}) and token grants: each refusal is a
 * {@code forbidden} error naming the room and the right, and nothing reaches the room's members.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class RoomRightsTest {

    @TestHTTPResource("/")
    URI uri;

    private WsClient connect(String user, String rooms) {
        Tokens token = Tokens.forUser(user);
        if (rooms != null) {
            token.rooms(rooms);
        }
        WsClient client = WsClient.open(uri, "/?token=" + token.sign());
        client.hello();
        return client;
    }

    private static void assertForbidden(JsonNode error, Object id, String room, String right) {
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("id").asText()).isEqualTo(String.valueOf(id));
        JsonNode p = error.get("payload");
        assertThat(p.get("code").asText()).isEqualTo("forbidden");
        assertThat(p.get("room").asText()).isEqualTo(room);
        assertThat(p.get("right").asText()).isEqualTo(right);
        assertThat(p.get("message").asText()).contains(room).contains(right);
    }

    @Test
    void joinAndPublishNeedGrantsWhereTheRuleSaysGranted() {
        try (WsClient member = connect("ann", "{\"granted:*\":[\"join\",\"publish\"]}");
                WsClient reader = connect("ben", "{\"granted:a\":[\"join\"]}");
                WsClient outsider = connect("cid", null)) {
            member.send("{\"type\":\"join\",\"room\":\"granted:a\",\"id\":1}");
            assertThat(nextOfType(member, "joined").get("id").asInt()).isEqualTo(1);
            member.send("{\"type\":\"publish\",\"room\":\"granted:a\",\"payload\":\"hi\",\"id\":2}");
            assertThat(nextOfType(member, "message").get("payload").asText()).isEqualTo("hi");
            assertThat(member.nextJson().get("type").asText()).isEqualTo("ack");

            outsider.send("{\"type\":\"join\",\"room\":\"granted:a\",\"id\":3}");
            assertForbidden(nextOfType(outsider, "error"), 3, "granted:a", "join");

            reader.send("{\"type\":\"join\",\"room\":\"granted:a\",\"id\":4}");
            assertThat(nextOfType(reader, "joined").get("id").asInt()).isEqualTo(4);
            reader.send("{\"type\":\"publish\",\"room\":\"granted:a\",\"payload\":\"x\",\"id\":5}");
            assertForbidden(nextOfType(reader, "error"), 5, "granted:a", "publish");
            reader.send("{\"type\":\"broadcast\",\"room\":\"granted:a\",\"payload\":\"x\",\"id\":6}");
            assertForbidden(reader.nextJson(), 6, "granted:a", "publish");

            // The member heard the reader join, and nothing of the refused requests.
            assertThat(nextOfType(member, "room:joined").get("user").asText()).isEqualTo("ben");
            member.expectNothingElse();
        }
    }

    @Test
    void aReadOnlyRoomRefusesPublishAndStateEvenWithAGrant() {
        try (WsClient client = connect("dee", "{\"readonly:*\":\"*\"}")) {
            client.send("{\"type\":\"join\",\"room\":\"readonly:news\",\"id\":1}");
            assertThat(client.nextJson().get("type").asText()).isEqualTo("joined");
            client.send("{\"type\":\"publish\",\"room\":\"readonly:news\",\"payload\":1,\"id\":2}");
            assertForbidden(client.nextJson(), 2, "readonly:news", "publish");
            client.send("{\"type\":\"set\",\"room\":\"readonly:news\",\"key\":\"k\",\"value\":1,\"id\":3}");
            assertForbidden(client.nextJson(), 3, "readonly:news", "state");
            client.send("{\"type\":\"unset\",\"room\":\"readonly:news\",\"key\":\"k\",\"id\":4}");
            assertForbidden(client.nextJson(), 4, "readonly:news", "state");
        }
    }

    @Test
    void presenceOfAPrivateRoomIsForItsMembersAndShowsTheirUsers() {
        try (WsClient alice = connect("alice", null); WsClient bob = connect("bob", null)) {
            long aliceId = aliceId(alice);
            alice.send("{\"type\":\"join\",\"room\":\"team\",\"id\":1}");
            JsonNode joined = nextOfType(alice, "joined");
            assertThat(joined.get("payload").get("users").get(Long.toString(aliceId)).asText()).isEqualTo("alice");

            bob.send("{\"type\":\"presence\",\"room\":\"team\",\"id\":2}");
            assertForbidden(nextOfType(bob, "error"), 2, "team", "presence");

            alice.send("{\"type\":\"presence\",\"room\":\"team\",\"id\":3}");
            JsonNode presence = nextOfType(alice, "presence");
            assertThat(presence.get("payload").get("clients").get(0).asLong()).isEqualTo(aliceId);
            assertThat(presence.get("payload").get("users").get(Long.toString(aliceId)).asText()).isEqualTo("alice");

            // A room whose rule lets anyone see presence.
            alice.send("{\"type\":\"join\",\"room\":\"open:lounge\",\"id\":4}");
            nextOfType(alice, "joined");
            bob.send("{\"type\":\"presence\",\"room\":\"open:lounge\",\"id\":5}");
            JsonNode open = nextOfType(bob, "presence");
            assertThat(open.get("payload").get("clients").get(0).asLong()).isEqualTo(aliceId);
        }
    }

    @Test
    void historyNeedsItsRightWhereTheRuleAsksForIt() {
        try (WsClient plain = connect("eve", null); WsClient archivist = connect("fin", "{\"archive:*\":[\"history\"]}")) {
            plain.send("{\"type\":\"join\",\"room\":\"archive:2024\",\"history\":5,\"id\":1}");
            assertForbidden(nextOfType(plain, "error"), 1, "archive:2024", "history");
            plain.send("{\"type\":\"join\",\"room\":\"archive:2024\",\"since\":{\"offset\":0,\"epoch\":\"x\"},\"id\":2}");
            assertForbidden(plain.nextJson(), 2, "archive:2024", "history");
            plain.send("{\"type\":\"join\",\"room\":\"archive:2024\",\"id\":3}");
            assertThat(plain.nextJson().get("type").asText()).isEqualTo("joined");

            archivist.send("{\"type\":\"join\",\"room\":\"archive:2024\",\"history\":5,\"id\":4}");
            assertThat(nextOfType(archivist, "joined").get("id").asInt()).isEqualTo(4);
        }
    }

    @Test
    void aMemberWithoutThePresenceRightSeesNoMemberListAndNoNotices() {
        try (WsClient quiet = connect("gus", null); WsClient other = connect("hal", null)) {
            quiet.send("{\"type\":\"join\",\"room\":\"quiet:room\",\"id\":1}");
            JsonNode joined = nextOfType(quiet, "joined");
            assertThat(joined.get("payload").has("clients")).isFalse();
            other.send("{\"type\":\"join\",\"room\":\"quiet:room\",\"id\":2}");
            nextOfType(other, "joined");
            quiet.send("{\"type\":\"presence\",\"room\":\"quiet:room\",\"id\":3}");
            assertForbidden(nextOfType(quiet, "error"), 3, "quiet:room", "presence");
            quiet.expectNothingElse();
        }
    }

    /** Skips lobby notices ({@code client:connected} and the like) until a frame of {@code type}. */
    private static JsonNode nextOfType(WsClient client, String type) {
        for (;;) {
            JsonNode frame = client.nextJson();
            if (frame.get("type").asText().equals(type)) {
                return frame;
            }
            assertThat(frame.get("type").asText()).as("unexpected frame %s", frame).startsWith("client:");
        }
    }

    private static long aliceId(WsClient client) {
        client.send("{\"type\":\"hello\",\"id\":\"me\"}");
        return nextOfType(client, "welcome").get("payload").get("client").asLong();
    }
}
