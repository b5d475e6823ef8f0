package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class FramesTest {
    private static final byte[] PAYLOAD = "{\"x\":[1,\"é\"]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void writesTheStatefulChatFramesByteForByte() {
        assertThat(Frames.clientConnected(7).asText()).isEqualTo("{\"type\":\"client:connected\",\"payload\":\"Client 7 connected\",\"client\":7}");
        assertThat(Frames.clientDisconnected(7).asText()).isEqualTo("{\"type\":\"client:disconnected\",\"payload\":\"Client 7 disconnected\",\"client\":7}");
        assertThat(Frames.broadcast(null, PAYLOAD, 7).asText()).isEqualTo("{\"type\":\"broadcast\",\"payload\":{\"x\":[1,\"é\"]},\"from\":7}");
    }

    @Test
    void writesRoomFrames() {
        assertThat(Frames.message("r", "3", 0, null, PAYLOAD).asText()).isEqualTo("{\"type\":\"message\",\"room\":\"r\",\"from\":3,\"payload\":{\"x\":[1,\"é\"]}}");
        assertThat(Frames.broadcast("r", PAYLOAD, 3).asText()).isEqualTo("{\"type\":\"broadcast\",\"room\":\"r\",\"payload\":{\"x\":[1,\"é\"]},\"from\":3}");
        assertThat(Frames.joined("1", "r", new long[] {1, 2}, null, null, null).asText()).isEqualTo("{\"type\":\"joined\",\"id\":1,\"room\":\"r\",\"payload\":{\"clients\":[1,2]}}");
        assertThat(Frames.joined(null, "r", new long[0], null, null, null).asText()).isEqualTo("{\"type\":\"joined\",\"room\":\"r\",\"payload\":{\"clients\":[]}}");
        assertThat(Frames.welcome("\"h\"", 4, List.of("a", "lobby"), "1.0").asText())
                .isEqualTo("{\"type\":\"welcome\",\"id\":\"h\",\"payload\":{\"client\":4,\"rooms\":[\"a\",\"lobby\"],\"version\":\"1.0\"}}");
        assertThat(Frames.feed("api:server-time", "server-time", "\"t\"".getBytes(StandardCharsets.UTF_8)).asText())
                .isEqualTo("{\"type\":\"api:server-time\",\"room\":\"server-time\",\"payload\":\"t\"}");
    }

    @Test
    void writesHistoryAndStateFrames() {
        Frame kept = Frames.message("r", "7", 42, "ep1", PAYLOAD);
        assertThat(kept.asText()).isEqualTo("{\"type\":\"message\",\"room\":\"r\",\"from\":7,\"offset\":42,\"payload\":{\"x\":[1,\"é\"]}}");
        assertThat(kept.offset()).isEqualTo(42);
        assertThat(kept.epoch()).isEqualTo("ep1");
        assertThat(Frames.message("r", Frames.SERVER, 1, "e", PAYLOAD).asText()).contains("\"from\":\"server\",\"offset\":1,");
        Frame cursor = Frames.volatileMessage("xy", 7, "[1,2]".getBytes(StandardCharsets.UTF_8));
        assertThat(cursor.isVolatile()).isTrue();
        assertThat(cursor.offset()).isZero();
        assertThat(cursor.asText()).isEqualTo("{\"type\":\"message\",\"room\":\"xy\",\"from\":7,\"payload\":[1,2]}");
        assertThat(Frames.joined("2", "r", null, new Position(40, "ep1"), true, "{\"v\":0.7}".getBytes(StandardCharsets.UTF_8)).asText())
                .isEqualTo("{\"type\":\"joined\",\"id\":2,\"room\":\"r\",\"payload\":{\"offset\":40,\"epoch\":\"ep1\",\"recovered\":true,\"state\":{\"v\":0.7}}}");
        assertThat(Frames.state("r", "vol\"ume", "0.7".getBytes(StandardCharsets.UTF_8)).asText())
                .isEqualTo("{\"type\":\"state\",\"room\":\"r\",\"payload\":{\"vol\\\"ume\":0.7}}");
        assertThat(Frames.state("r", "volume", null).asText()).isEqualTo("{\"type\":\"state\",\"room\":\"r\",\"payload\":{\"volume\":null}}");
        java.util.Map<String, byte[]> state = new java.util.LinkedHashMap<>();
        state.put("a", "1".getBytes(StandardCharsets.UTF_8));
        state.put("b", "{\"c\":[true]}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(Frames.stateObject(state), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"b\":{\"c\":[true]}}");
        assertThat(new String(Frames.stateObject(java.util.Map.of()), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(Frames.ack("4", new Position(9, "e")).asText()).isEqualTo("{\"type\":\"ack\",\"id\":4,\"payload\":{\"offset\":9,\"epoch\":\"e\"}}");
    }

    @Test
    void keepsNonAsciiIdsValidUtf8() {
        assertThat(Frames.ack("\"κλειδί 🔑\"").asText()).isEqualTo("{\"type\":\"ack\",\"id\":\"κλειδί 🔑\"}");
    }

    @Test
    void escapesErrorMessages() {
        assertThat(Frames.error("2", ErrorCode.BAD_ROOM, "quote \" backslash \\ newline \n ünï").asText())
                .isEqualTo("{\"type\":\"error\",\"id\":2,\"payload\":{\"code\":\"bad_room\",\"message\":\"quote \\\" backslash \\\\ newline \\u000a ünï\"}}");
    }

    @Test
    void growsPastItsFirstGuess() {
        byte[] big = ("\"" + "b".repeat(10_000) + "\"").getBytes(StandardCharsets.UTF_8);
        assertThat(Frames.direct(1, big).length()).isEqualTo("{\"type\":\"direct\",\"from\":1,\"payload\":}".length() + big.length);
    }
}
