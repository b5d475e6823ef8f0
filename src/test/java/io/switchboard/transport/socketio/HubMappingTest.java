package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Frames;
import io.switchboard.protocol.Position;

/** Socket.IO events as hub requests, and hub frames as Socket.IO packets (docs/socketio.md). */
class HubMappingTest {

    private static byte[] request(String eventPacket) throws Exception {
        SocketIoPacket packet = new SocketIoDecoder().add(eventPacket);
        return HubMapping.request(packet.data(), packet.id());
    }

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("2[\"hello\"]", "{\"type\":\"hello\"}"),
                Arguments.of("27[\"hello\"]", "{\"type\":\"hello\",\"id\":7}"),
                Arguments.of("21[\"join\",\"chat\"]", "{\"type\":\"join\",\"room\":\"chat\",\"id\":1}"),
                Arguments.of("22[\"leave\",\"chat\"]", "{\"type\":\"leave\",\"room\":\"chat\",\"id\":2}"),
                Arguments.of("23[\"presence\",\"chat\"]", "{\"type\":\"presence\",\"room\":\"chat\",\"id\":3}"),
                Arguments.of("24[\"publish\",\"chat\",{\"text\":\"hi\"}]", "{\"type\":\"publish\",\"room\":\"chat\",\"payload\":{\"text\":\"hi\"},\"id\":4}"),
                Arguments.of("2[\"broadcast\",\"hello\"]", "{\"type\":\"broadcast\",\"payload\":\"hello\"}"),
                Arguments.of("25[\"broadcast\",[1,2],\"chat\"]", "{\"type\":\"broadcast\",\"payload\":[1,2],\"room\":\"chat\",\"id\":5}"),
                Arguments.of("26[\"direct\",9,\"psst\"]", "{\"type\":\"direct\",\"to\":9,\"payload\":\"psst\",\"id\":6}"),
                Arguments.of("27[\"set\",\"board\",\"color\",\"red\"]", "{\"type\":\"set\",\"room\":\"board\",\"key\":\"color\",\"value\":\"red\",\"id\":7}"),
                Arguments.of("28[\"unset\",\"board\",\"color\"]", "{\"type\":\"unset\",\"room\":\"board\",\"key\":\"color\",\"id\":8}"),
                // Arguments go as they are: the hub checks them.
                Arguments.of("29[\"join\",5]", "{\"type\":\"join\",\"room\":5,\"id\":9}"),
                Arguments.of("210[\"publish\",\"chat\"]", "{\"type\":\"publish\",\"room\":\"chat\",\"id\":10}"),
                Arguments.of("211[\"join\",\"a\",\"ignored\"]", "{\"type\":\"join\",\"room\":\"a\",\"id\":11}"),
                // Other events: the type, and the fields of a single object argument.
                Arguments.of("212[\"history\",{\"room\":\"chat\",\"limit\":10,\"id\":\"x\",\"type\":\"y\"}]",
                        "{\"type\":\"history\",\"room\":\"chat\",\"limit\":10,\"id\":12}"),
                Arguments.of("213[\"subscribe\",\"chat\"]", "{\"type\":\"subscribe\",\"id\":13}"),
                Arguments.of("214[99,\"numeric\"]", "{\"type\":99,\"id\":14}"),
                Arguments.of("2[\"publish\",\"chat\",1.50]", "{\"type\":\"publish\",\"room\":\"chat\",\"payload\":1.50}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eventsBecomeHubRequests(String event, String request) throws Exception {
        assertThat(new String(request(event), StandardCharsets.UTF_8)).isEqualTo(request);
    }

    @Test
    void binaryArgumentsTravelAsBase64Objects() throws Exception {
        SocketIoDecoder decoder = new SocketIoDecoder();
        decoder.add("451-3[\"publish\",\"chat\",{\"file\":{\"_placeholder\":true,\"num\":0}}]".substring(1));
        SocketIoPacket packet = decoder.add(new byte[] {1, 2, 3, 4});

        assertThat(new String(HubMapping.request(packet.data(), packet.id()), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"publish\",\"room\":\"chat\",\"payload\":{\"file\":{\"$binary\":\"AQIDBA==\"}},\"id\":3}");
    }

    private static List<String> packets(Frame frame) {
        return Arrays.stream(frame.derived(HubMapping.TRANSLATE).packets())
                .map(p -> p.binary() ? "binary " + Arrays.toString(p.bytes()) : new String(p.bytes(), StandardCharsets.UTF_8))
                .toList();
    }

    static Stream<Arguments> frames() {
        byte[] hi = "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                // Pushes: an event named by the type, the payload, then the other fields.
                Arguments.of(Frames.clientConnected(7), "42[\"client:connected\",\"Client 7 connected\",{\"client\":7}]"),
                Arguments.of(Frames.clientDisconnected(7), "42[\"client:disconnected\",\"Client 7 disconnected\",{\"client\":7}]"),
                Arguments.of(Frames.broadcast(null, hi, 7), "42[\"broadcast\",{\"text\":\"hi\"},{\"from\":7}]"),
                Arguments.of(Frames.broadcast("chat", hi, 7), "42[\"broadcast\",{\"text\":\"hi\"},{\"room\":\"chat\",\"from\":7}]"),
                Arguments.of(Frames.message("chat", "7", 0, null, hi), "42[\"message\",{\"text\":\"hi\"},{\"room\":\"chat\",\"from\":7}]"),
                Arguments.of(Frames.direct(7, "\"psst\"".getBytes(StandardCharsets.UTF_8)), "42[\"direct\",\"psst\",{\"from\":7}]"),
                Arguments.of(Frames.roomJoined("chat", 9), "42[\"room:joined\",{\"room\":\"chat\",\"client\":9}]"),
                Arguments.of(Frames.roomLeft("chat", 9), "42[\"room:left\",{\"room\":\"chat\",\"client\":9}]"),
                Arguments.of(Frames.feed("api:server-time", "server-time", "\"16:45:03 GMT+0000 (Coordinated Universal Time)\"".getBytes(StandardCharsets.UTF_8)),
                        "42[\"api:server-time\",\"16:45:03 GMT+0000 (Coordinated Universal Time)\",{\"room\":\"server-time\"}]"),
                // Replies to requests without an ack: events too.
                Arguments.of(Frames.joined(null, "chat", new long[] {3, 7}, null, null, null), "42[\"joined\",{\"clients\":[3,7]},{\"room\":\"chat\"}]"),
                Arguments.of(Frames.left(null, "chat"), "42[\"left\",{\"room\":\"chat\"}]"),
                Arguments.of(Frames.error(null, ErrorCode.BAD_REQUEST, "\"payload\" is required"),
                        "42[\"error\",{\"code\":\"bad_request\",\"message\":\"\\\"payload\\\" is required\"}]"),
                // Replies with a numeric id: the ack of that id, the reply without its id.
                Arguments.of(Frames.joined("4", "chat", new long[] {3, 7}, null, null, null), "434[{\"type\":\"joined\",\"room\":\"chat\",\"payload\":{\"clients\":[3,7]}}]"),
                Arguments.of(Frames.ack("12"), "4312[{\"type\":\"ack\"}]"),
                Arguments.of(Frames.left("5", "chat"), "435[{\"type\":\"left\",\"room\":\"chat\"}]"),
                Arguments.of(Frames.presence("6", "chat", new long[0]), "436[{\"type\":\"presence\",\"room\":\"chat\",\"payload\":{\"clients\":[]}}]"),
                Arguments.of(Frames.welcome("1", 7, List.of("lobby"), "1.0"),
                        "431[{\"type\":\"welcome\",\"payload\":{\"client\":7,\"rooms\":[\"lobby\"],\"version\":\"1.0\"}}]"),
                // Errors: the ack's one value is {"error":{code,message}}.
                Arguments.of(Frames.error("8", ErrorCode.NOT_MEMBER, "not a member of \"chat\""),
                        "438[{\"error\":{\"code\":\"not_member\",\"message\":\"not a member of \\\"chat\\\"\"}}]"),
                // Fields the hub adds later pass through as they are.
                Arguments.of(Frame.text("{\"type\":\"message\",\"room\":\"chat\",\"from\":7,\"payload\":1,\"offset\":42,\"epoch\":\"e1\"}"),
                        "42[\"message\",1,{\"room\":\"chat\",\"from\":7,\"offset\":42,\"epoch\":\"e1\"}]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("frames")
    void hubFramesBecomeSocketIoPackets(Frame frame, String packet) {
        assertThat(packets(frame)).containsExactly(packet);
    }

    @Test
    void repliesToTheServersOwnRequestsAreNotPassedOnButTheirRoomIsKept() {
        Frame joined = Frame.text("{\"type\":\"joined\",\"id\":\"socket.io\",\"room\":\"server-time\",\"payload\":{\"clients\":[1]}}");

        HubMapping.Translation translation = joined.derived(HubMapping.TRANSLATE);

        assertThat(translation.packets()).isEmpty();
        assertThat(translation.room()).isEqualTo("server-time");
        assertThat(translation.joined()).isTrue();
    }

    @Test
    void roomChangesAreTold() {
        assertThat(Frames.left("1", "chat").derived(HubMapping.TRANSLATE).room()).isEqualTo("chat");
        assertThat(Frames.left("1", "chat").derived(HubMapping.TRANSLATE).joined()).isFalse();
        assertThat(Frames.message("chat", "1", 0, null, new byte[] {'1'}).derived(HubMapping.TRANSLATE).room()).isNull();
    }

    @Test
    void base64ObjectsBecomeBinaryAttachments() {
        Frame frame = Frames.message("chat", "7", 0, null, "{\"file\":{\"$binary\":\"AQIDBA==\"},\"more\":[{\"$binary\":\"BQY=\"}]}".getBytes(StandardCharsets.UTF_8));

        assertThat(packets(frame)).containsExactly(
                "452-[\"message\",{\"file\":{\"_placeholder\":true,\"num\":0},\"more\":[{\"_placeholder\":true,\"num\":1}]},{\"room\":\"chat\",\"from\":7}]",
                "binary [1, 2, 3, 4]",
                "binary [5, 6]");
    }

    @Test
    void aReplyWithBase64BecomesABinaryAck() {
        Frame frame = Frame.text("{\"type\":\"history\",\"id\":3,\"room\":\"chat\",\"payload\":[{\"$binary\":\"AQI=\"}]}");

        assertThat(packets(frame)).containsExactly(
                "461-3[{\"type\":\"history\",\"room\":\"chat\",\"payload\":[{\"_placeholder\":true,\"num\":0}]}]",
                "binary [1, 2]");
    }

    @Test
    void objectsThatOnlyLookBinaryStayJson() {
        Frame notBase64 = Frames.broadcast(null, "{\"$binary\":\"not base64!\"}".getBytes(StandardCharsets.UTF_8), 1);
        Frame twoMembers = Frames.broadcast(null, "{\"$binary\":\"AQI=\",\"x\":1}".getBytes(StandardCharsets.UTF_8), 1);

        assertThat(packets(notBase64)).containsExactly("42[\"broadcast\",{\"$binary\":\"not base64!\"},{\"from\":1}]");
        assertThat(packets(twoMembers)).containsExactly("42[\"broadcast\",{\"$binary\":\"AQI=\",\"x\":1},{\"from\":1}]");
    }

    @Test
    void aFrameIsTranslatedOnceForAllItsRecipients() {
        Frame frame = Frames.clientConnected(3);

        assertThat(frame.derived(HubMapping.TRANSLATE)).isSameAs(frame.derived(HubMapping.TRANSLATE));
    }

    @Test
    void aJoinedFrameTellsTheRoomsPositionAndKeptMessagesTheirRoom() {
        Frame joined = Frames.joined("\"socket.io\"", "chat", new long[] {1, 2}, new Position(42, "7eab"), true,
                "{\"k\":{\"offset\":1,\"epoch\":\"not this\"}}".getBytes(StandardCharsets.UTF_8));
        Frame kept = Frames.message("chat", "7", 43, "7eab", new byte[] {'1'});

        assertThat(joined.derived(HubMapping.TRANSLATE).position()).isEqualTo(new Position(42, "7eab"));
        assertThat(Frames.joined("1", "feed", null, null, null, null).derived(HubMapping.TRANSLATE).position()).isNull();
        assertThat(kept.derived(HubMapping.TRANSLATE).stream()).isEqualTo("chat");
        assertThat(kept.derived(HubMapping.TRANSLATE).position()).isNull();
        assertThat(Frames.message("chat", "7", 0, null, new byte[] {'1'}).derived(HubMapping.TRANSLATE).stream()).isNull();
    }

    @Test
    void anOffsetBecomesTheLastArgumentAndAttachmentsStayShared() {
        Frame text = Frames.message("chat", "7", 3, "e", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        Frame binary = Frames.message("chat", "7", 4, "e", "{\"$binary\":\"AQI=\"}".getBytes(StandardCharsets.UTF_8));
        EncodedPacket[] shared = binary.derived(HubMapping.TRANSLATE).packets();

        EncodedPacket[] withText = HubMapping.withOffset(text.derived(HubMapping.TRANSLATE).packets(), "2:3");
        EncodedPacket[] withBinary = HubMapping.withOffset(shared, "0:1,2:4");

        assertThat(withText[0].toString()).isEqualTo("EncodedPacket[42[\"message\",{\"a\":1},{\"room\":\"chat\",\"from\":7,\"offset\":3},\"2:3\"]]");
        assertThat(withBinary[0].toString()).isEqualTo(
                "EncodedPacket[451-[\"message\",{\"_placeholder\":true,\"num\":0},{\"room\":\"chat\",\"from\":7,\"offset\":4},\"0:1,2:4\"]]");
        assertThat(withBinary[1]).isSameAs(shared[1]);
        // The shared translation itself is untouched.
        assertThat(shared[0].toString()).endsWith("\"offset\":4}]]");
    }

    @Test
    void theJoinThatRestoresARoomResumesFromItsPosition() {
        assertThat(new String(HubMapping.rejoin("chat", new Position(5, "e\"1"), true), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"join\",\"room\":\"chat\",\"events\":true,\"since\":{\"offset\":5,\"epoch\":\"e\\\"1\"},\"id\":\"socket.io\"}");
        assertThat(new String(HubMapping.rejoin("server-time", null, false), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"join\",\"room\":\"server-time\",\"events\":false,\"id\":\"socket.io\"}");
    }

    @Test
    void theConnectRepliesAreThoseOfTheSpecification() {
        assertThat(HubMapping.connected(7).toString()).isEqualTo("EncodedPacket[40{\"sid\":\"7\"}]");
        assertThat(HubMapping.connected(7, "ab-_CD").toString()).isEqualTo("EncodedPacket[40{\"sid\":\"7\",\"pid\":\"ab-_CD\"}]");
        assertThat(HubMapping.invalidNamespace("/random").toString())
                .isEqualTo("EncodedPacket[44/random,{\"message\":\"Invalid namespace\"}]");
    }
}
