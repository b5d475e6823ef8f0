package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.switchboard.protocol.Position;

/** The delivery vector, the stored record and what a reconnecting client's offset resumes. */
class RecoveryStateTest {

    /** A session in lobby (at 10 of "L"), a feed without history, and chat (at 0 of "C"). */
    private static RecoveryState session() {
        RecoveryState state = new RecoveryState("pid", 7, null);
        state.joined("lobby", new Position(10, "L"));
        state.joined("server-time", null);
        state.joined("chat", new Position(0, "C"));
        return state;
    }

    private static String json(byte[] record) {
        return new String(record, StandardCharsets.UTF_8);
    }

    @Test
    void eachKeptMessageCarriesThePositionOfEveryRoomWithMessages() {
        RecoveryState state = session();

        assertThat(state.delivered("chat", 1, "C")).isEqualTo("2:1");
        assertThat(state.delivered("lobby", 11, "L")).isEqualTo("0:11,2:1");
        assertThat(state.delivered("chat", 2, "C")).isEqualTo("0:11,2:2");
        // A room the socket is not in, or a frame without an epoch, gets no offset.
        assertThat(state.delivered("elsewhere", 5, "X")).isNull();
        assertThat(state.delivered("server-time", 1, null)).isNull();
    }

    @Test
    void theRecordKeepsSlotsRoomsEpochsAndJoinPositionsAndChangesOnlyWithRooms() {
        RecoveryState state = session();
        assertThat(json(state.record()))
                .isEqualTo("{\"client\":7,\"next\":3,\"rooms\":[[0,\"lobby\",\"L\",10],[1,\"server-time\",null,0],[2,\"chat\",\"C\",0]]}");
        assertThat(state.changed()).isFalse();

        state.delivered("chat", 1, "C");
        state.joined("chat", new Position(1, "C"));
        assertThat(state.changed()).as("messages and joining again change nothing").isFalse();

        state.left("server-time");
        state.joined("news", new Position(4, "N"));
        assertThat(state.changed()).isTrue();
        assertThat(json(state.record()))
                .isEqualTo("{\"client\":7,\"next\":4,\"rooms\":[[0,\"lobby\",\"L\",10],[2,\"chat\",\"C\",0],[3,\"news\",\"N\",4]]}");
        // Slots are not reused: the offset still names rooms unambiguously.
        assertThat(state.delivered("news", 5, "N")).isEqualTo("2:1,3:5");
    }

    @Test
    void aNewEpochRestartsTheRoomsPositionAndIsStored() {
        RecoveryState state = session();
        state.record();
        state.delivered("chat", 3, "C");

        assertThat(state.delivered("chat", 1, "C2")).isEqualTo("2:1");
        assertThat(state.changed()).isTrue();
        assertThat(json(state.record())).contains("[2,\"chat\",\"C2\",0]");
    }

    @Test
    void theOffsetResumesEachRoomWhereTheClientWasAndTheOthersWhereTheyWereJoined() {
        RecoveryState state = session();
        state.delivered("chat", 4, "C");
        String offset = state.delivered("lobby", 12, "L");

        RecoveryState.Resumed resumed = RecoveryState.resume("pid", state.record(), "2:3");

        Map<String, Position> since = new LinkedHashMap<>();
        since.put("lobby", new Position(10, "L"));
        since.put("server-time", null);
        since.put("chat", new Position(3, "C"));
        assertThat(resumed.since()).containsExactlyEntriesOf(since);
        assertThat(resumed.state().client()).isEqualTo(7);
        assertThat(resumed.state().pid()).isEqualTo("pid");
        assertThat(resumed.state().changed()).as("taken from the store, to be stored again").isTrue();
        // Delivery goes on from there, in the same slots.
        assertThat(resumed.state().delivered("chat", 4, "C")).isEqualTo("2:4");
        assertThat(RecoveryState.resume("pid", state.record(), offset).since().get("chat")).isEqualTo(new Position(4, "C"));
        assertThat(RecoveryState.resume("pid", state.record(), "").since().get("chat")).isEqualTo(new Position(0, "C"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "2", "2:", ":1", "2:1,", "2:1,2:2", "2:-1", "-2:1", "2:1;0:11", " 2:1", "9:1", "1:1", "0:9",
        "2:1234567890123456789", "1234567890:1"})
    void anOffsetThatDoesNotFitTheRecordResumesNothing(String offset) {
        RecoveryState state = session();

        assertThat(RecoveryState.resume("pid", state.record(), offset)).isNull();
    }

    @Test
    void theRecordKeepsTheUserOfAnAuthenticatedSession() {
        RecoveryState state = new RecoveryState("pid", 7, "ada");

        assertThat(json(state.record())).isEqualTo("{\"client\":7,\"user\":\"ada\",\"next\":0,\"rooms\":[]}");
        assertThat(RecoveryState.resume("pid", state.record(), "").state().user()).isEqualTo("ada");
        assertThat(RecoveryState.resume("pid", session().record(), "").state().user()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{}", "{\"client\":1,\"user\":7,\"next\":1,\"rooms\":[]}", "{\"client\":\"x\",\"next\":1,\"rooms\":[]}", "{\"client\":1,\"next\":1,\"rooms\":{}}",
        "{\"client\":1,\"next\":1,\"rooms\":[[0,\"a\",\"e\"]]}", "{\"client\":1,\"next\":1,\"rooms\":[[0,1,\"e\",0]]}",
        "{\"client\":1,\"next\":1,\"rooms\":[[0,\"a\",2,0]]}", "not json"})
    void aMalformedRecordResumesNothing(String record) {
        assertThat(RecoveryState.resume("pid", record.getBytes(StandardCharsets.UTF_8), "")).isNull();
    }
}
