package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.RawPeer;
import io.switchboard.testing.WsClient;

/**
 * Thousands of random and malformed frames — mutated requests, random text, binary frames, and
 * broken WebSocket framing on the wire — against the hub and the raw relay. The server answers
 * each connection with errors or closes it with a protocol close code, keeps serving a
 * well-behaved client in full, and logs no unhandled failure.
 */
@QuarkusTest
class FuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20_240_601L);
    private static final int FRAMES = 3000;
    private static final String[] TYPES = {"hello", "join", "leave", "publish", "broadcast", "direct", "presence", "set",
        "unset", "auth", "subscribe", "", "JOIN", "publish ", "\u0000", "toString", "__proto__"};
    private static final String[] FIELDS = {"type", "id", "room", "to", "payload", "since", "history", "events", "volatile",
        "key", "value", "token", "extra"};

    @TestHTTPResource("/")
    URI uri;

    private final List<LogRecord> problems = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (problems) {
                    problems.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void randomRequestsGetErrorsAndAWellBehavedClientIsServedThroughout() {
        Random random = new Random(SEED);
        try (WsClient good = WsClient.open(uri, "/", "switchboard.v1");
                WsClient fuzzer = WsClient.open(uri, "/", "switchboard.v1")) {
            good.send("{\"type\":\"join\",\"room\":\"fuzz-good\",\"events\":false,\"id\":\"j\"}");
            assertThat(good.nextJson().get("type").asText()).isEqualTo("joined");
            int acked = 0;
            for (int i = 0; i < FRAMES; i++) {
                if (random.nextInt(10) == 0) {
                    fuzzer.sendBinary(bytes(random, random.nextInt(64)));
                } else {
                    fuzzer.send(random.nextInt(4) == 0 ? junk(random) : request(random));
                }
                if (i % 100 == 0) {
                    good.send("{\"type\":\"publish\",\"room\":\"fuzz-good\",\"payload\":" + i + ",\"id\":" + i + "}");
                    JsonNode message = good.nextJson();
                    assertThat(message.get("type").asText()).isEqualTo("message");
                    assertThat(message.get("payload").asInt()).isEqualTo(i);
                    assertThat(good.nextJson().get("id").asInt()).isEqualTo(i);
                    acked++;
                }
            }
            assertThat(acked).isEqualTo(FRAMES / 100);
            // The fuzzing connection still answers: a fresh request gets its reply.
            fuzzer.send("{\"type\":\"hello\",\"id\":\"still-there\"}");
            boolean answered = false;
            for (int n = 0; n < 20_000 && !answered; n++) {
                String frame = fuzzer.nextOrNull(java.time.Duration.ofSeconds(10));
                assertThat(frame).as("a reply to the fuzzer's hello").isNotNull();
                answered = frame.contains("\"id\":\"still-there\"") && frame.contains("\"welcome\"");
            }
            assertThat(answered).isTrue();
            good.send("{\"type\":\"hello\",\"id\":\"end\"}");
            assertThat(good.nextJson().get("type").asText()).isEqualTo("welcome");
        }
        assertNoUnhandledFailures();
    }

    @Test
    void brokenFramingOnTheWireClosesThatSocketWithAProtocolCode() throws Exception {
        Random random = new Random(SEED + 1);
        try (WsClient good = WsClient.open(uri, "/")) {
            good.hello();
            // 4001: a peer that sent something the codec let through and then went silent (keep-alive).
            Set<Integer> clean = Set.of(1002, 1007, 1009, 1000, 1011, 4001);
            for (int i = 0; i < 60; i++) {
                String path = i % 3 == 0 ? "/raw/fuzz" : "/";
                try (RawPeer peer = RawPeer.request(uri, path, Map.of(), null)) {
                    assertThat(peer.status()).isEqualTo(101);
                    Integer code = breakFraming(peer, random, i % 6);
                    if (code != null) {
                        assertThat(code).as("close code for case %d", i % 6).isIn(clean);
                    }
                } catch (IOException closedOnUs) {
                    // A reset without a close frame is also a clean end for a broken peer.
                }
                // Notices of fuzz sockets joining the lobby may reach the good client; its request still gets its reply.
                good.send("{\"type\":\"hello\",\"id\":\"h" + i + "\"}");
                String reply;
                do {
                    reply = good.next();
                } while (!reply.contains("\"id\":\"h" + i + "\""));
            }
        }
        assertNoUnhandledFailures();
    }

    /** Sends one kind of broken framing and returns the close code the server answered with, or null. */
    private static Integer breakFraming(RawPeer peer, Random random, int kind) throws IOException {
        switch (kind) {
            case 0 -> peer.sendRaw(new byte[] {(byte) 0x81, 0x05, 'h', 'e', 'l', 'l', 'o'}); // unmasked client frame
            case 1 -> peer.sendRaw(new byte[] {(byte) 0x83, (byte) 0x80, 0, 0, 0, 0}); // reserved opcode 3
            case 2 -> peer.sendRaw(new byte[] {(byte) 0xC1, (byte) 0x81, 0, 0, 0, 0, 'x'}); // RSV1 without an extension
            case 3 -> peer.sendRaw(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, (byte) 0xC3, (byte) 0x28}); // bad UTF-8
            case 4 -> peer.sendRaw(new byte[] {(byte) 0x80, (byte) 0x81, 0, 0, 0, 0, 'x'}); // continuation without a start
            default -> peer.sendRaw(bytes(random, 32));
        }
        for (int n = 0; n < 1000; n++) {
            RawPeer.WireFrame frame = peer.read();
            if (frame.opcode() == 8) {
                return frame.payload().length >= 2 ? frame.closeCode() : 1005;
            }
        }
        return null;
    }

    private void assertNoUnhandledFailures() {
        synchronized (problems) {
            assertThat(problems).as("warnings and errors logged during the fuzz: %s",
                    problems.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()
                            + (r.getThrown() == null ? "" : " " + r.getThrown())).toList())
                    .isEmpty();
        }
    }

    private static String request(Random random) {
        StringBuilder sb = new StringBuilder("{");
        int fields = random.nextInt(6);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                sb.append(',');
            }
            String name = FIELDS[random.nextInt(FIELDS.length)];
            sb.append('"').append(name).append("\":");
            sb.append(name.equals("type") && random.nextBoolean() ? quote(TYPES[random.nextInt(TYPES.length)]) : value(random, 0));
        }
        sb.append('}');
        String text = sb.toString();
        // Sometimes cut it short or glue junk to it.
        return switch (random.nextInt(8)) {
            case 0 -> text.substring(0, random.nextInt(text.length()));
            case 1 -> text + junk(random);
            default -> text;
        };
    }

    private static String value(Random random, int depth) {
        return switch (depth > 3 ? random.nextInt(6) : random.nextInt(9)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> quote(TYPES[random.nextInt(TYPES.length)]);
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> "1e" + random.nextInt(400);
            case 4 -> quote("room:" + random.nextInt(5));
            case 5 -> "99999999999999999999999999";
            case 6 -> "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
            case 7 -> "{\"offset\":" + value(random, depth + 1) + ",\"epoch\":" + value(random, depth + 1) + "}";
            default -> "[".repeat(70) + "]".repeat(random.nextInt(71));
        };
    }

    private static String junk(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append((char) (random.nextBoolean() ? random.nextInt(0x7f) : random.nextInt(0xd7ff)));
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000") + "\"";
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
