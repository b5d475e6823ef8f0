package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

/**
 * Connection state recovery on the wire, with raw Engine.IO frames: the CONNECT that resumes a
 * session and what follows it, and every malformed or stale {@code pid} / {@code offset}, which
 * gets a fresh session on a connection that keeps working.
 */
@QuarkusTest
class SocketIoRecoveryProtocolTest {
    private static final Pattern CONNECT = Pattern.compile(PollingClient.CONNECT);
    /** Each parameterised run has a room of its own, so the offsets start at 1. */
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @TestHTTPResource("/")
    URI uri;

    /** A dropped session: its CONNECT reply's ids and the offset of the one message it received. */
    private record Dropped(String sid, String pid, String offset) {
    }

    private RawWebSocket open() {
        return EngineIoWebSocketTest.opened(uri);
    }

    private static String next(RawWebSocket ws) {
        return EngineIoWebSocketTest.next(ws);
    }

    private static Matcher connectReply(String packet) {
        Matcher m = CONNECT.matcher(packet);
        assertThat(m.matches()).as("a CONNECT reply: %s", packet).isTrue();
        return m;
    }

    /** A hub client on {@code /} in {@code room}, without room notices, to publish there. */
    private WsClient publisher(String room) {
        WsClient hub = WsClient.open(uri, "/");
        hub.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"events\":false,\"id\":\"j\"}");
        reply(hub, "j");
        return hub;
    }

    private static JsonNode reply(WsClient hub, String id) {
        JsonNode frame = hub.reply(id);
        assertThat(frame.path("type").asText()).as("%s", frame).isNotEqualTo("error");
        return frame;
    }

    private static void publish(WsClient hub, String room, String text) {
        hub.send("{\"type\":\"publish\",\"room\":\"" + room + "\",\"payload\":\"" + text + "\",\"id\":\"p\"}");
        reply(hub, "p");
    }

    /** A socket that joins {@code room}, receives "one" there, and drops. */
    private Dropped dropped(String room, WsClient hub) {
        try (RawWebSocket ws = open()) {
            ws.sendText("40");
            Matcher reply = connectReply(next(ws));
            ws.sendText("421[\"join\",\"" + room + "\"]");
            assertThat(next(ws)).startsWith("431[{\"type\":\"joined\"");
            publish(hub, room, "one");
            String message = next(ws);
            assertThat(message).matches("42\\[\"message\",\"one\",\\{\"room\":\"" + room + "\",\"from\":\\d+,\"offset\":1},\"2:1\"]");
            return new Dropped(reply.group(1), reply.group(2), "2:1");
        }
    }

    @Test
    void aKnownPidWithItsOffsetResumesTheSessionAndSendsWhatWasMissed() {
        String room = "raw-recover";
        try (WsClient hub = publisher(room)) {
            Dropped dropped = dropped(room, hub);
            publish(hub, room, "two");
            publish(hub, room, "three");

            try (RawWebSocket ws = open()) {
                ws.sendText("40{\"token\":\"t\",\"pid\":\"" + dropped.pid() + "\",\"offset\":\"" + dropped.offset() + "\"}");
                assertThat(next(ws)).isEqualTo("40{\"sid\":\"" + dropped.sid() + "\",\"pid\":\"" + dropped.pid() + "\"}");
                String from = ",\"from\":" + hubId(hub);
                assertThat(next(ws)).isEqualTo("42[\"message\",\"two\",{\"room\":\"" + room + "\"" + from + ",\"offset\":2},\"2:2\"]");
                assertThat(next(ws)).isEqualTo("42[\"message\",\"three\",{\"room\":\"" + room + "\"" + from + ",\"offset\":3},\"2:3\"]");

                // Back in the room: a request needs no join first.
                ws.sendText("422[\"publish\",\"" + room + "\",\"four\"]");
                assertThat(next(ws)).isEqualTo("42[\"message\",\"four\",{\"room\":\"" + room + "\",\"from\":" + dropped.sid()
                        + ",\"offset\":4},\"2:4\"]");
                assertThat(next(ws)).matches("432\\[\\{\"type\":\"ack\",\"payload\":\\{\"offset\":4,\"epoch\":\"[0-9a-f]+\"}}]");
            }
        }
    }

    @Test
    void aKnownPidWithoutAnOffsetResumesFromWhereEachRoomWasJoined() {
        String room = "raw-recover-no-offset";
        try (WsClient hub = publisher(room)) {
            Dropped dropped = dropped(room, hub);

            try (RawWebSocket ws = open()) {
                ws.sendText("40{\"pid\":\"" + dropped.pid() + "\"}");
                assertThat(next(ws)).isEqualTo("40{\"sid\":\"" + dropped.sid() + "\",\"pid\":\"" + dropped.pid() + "\"}");
                // It presented no offset: it gets everything since it joined, "one" included.
                assertThat(next(ws)).startsWith("42[\"message\",\"one\",").endsWith(",\"2:1\"]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"pid\":\"PID\",\"offset\":\"nonsense\"}",
        "{\"pid\":\"PID\",\"offset\":\"9:1\"}",
        "{\"pid\":\"PID\",\"offset\":\"2:1,2:1\"}",
        "{\"pid\":\"PID\",\"offset\":\"2:-1\"}",
        "{\"pid\":\"PID\",\"offset\":\"2:99\"}",
        "{\"pid\":\"PID\",\"offset\":\"2:9999999999999999999999\"}",
        "{\"pid\":\"PID\",\"offset\":2}",
        "{\"pid\":\"PID\",\"offset\":{\"2\":1}}",
        "{\"pid\":\"not-a-session\",\"offset\":\"2:1\"}",
        "{\"pid\":42,\"offset\":\"2:1\"}",
        "{\"pid\":[\"PID\"],\"offset\":\"2:1\"}",
        "{\"pid\":\"\"}",
    })
    void aBadOrStalePidOrOffsetGetsAFreshSessionThatWorks(String auth) {
        String room = "raw-recover-bad-" + ROOMS.incrementAndGet();
        try (WsClient hub = publisher(room)) {
            Dropped dropped = dropped(room, hub);

            try (RawWebSocket ws = open()) {
                ws.sendText("40" + auth.replace("PID", dropped.pid()));
                Matcher reply = connectReply(next(ws));
                assertThat(reply.group(1)).isNotEqualTo(dropped.sid());
                assertThat(reply.group(2)).isNotEqualTo(dropped.pid());

                ws.sendText("421[\"hello\"]");
                assertThat(next(ws)).startsWith("431[{\"type\":\"welcome\",\"payload\":{\"client\":" + reply.group(1)
                        + ",\"rooms\":[\"lobby\",\"server-time\"]");
            }
        }
    }

    @Test
    void aSecondConnectionResumingALiveSessionReplacesTheFirst() {
        String room = "raw-recover-twice";
        try (WsClient hub = publisher(room)) {
            Dropped dropped = dropped(room, hub);
            String resume = "40{\"pid\":\"" + dropped.pid() + "\",\"offset\":\"2:1\"}";
            String resumed = "40{\"sid\":\"" + dropped.sid() + "\",\"pid\":\"" + dropped.pid() + "\"}";
            try (RawWebSocket first = open(); RawWebSocket second = open()) {
                first.sendText(resume);
                assertThat(next(first)).isEqualTo(resumed);
                // As when the first connection is gone but the server has not noticed yet.
                second.sendText(resume);
                assertThat(next(second)).isEqualTo(resumed);
                RawWebSocket.Frame close = first.readUntilClose();
                assertThat(close.closeCode()).isEqualTo(4502);
                assertThat(close.text()).endsWith("session resumed on another connection");

                publish(hub, room, "two");
                assertThat(next(second)).startsWith("42[\"message\",\"two\",").endsWith(",\"2:2\"]");
            }
        }
    }

    private static long hubId(WsClient hub) {
        return hub.hello();
    }
}
