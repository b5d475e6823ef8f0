package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.time.Duration;
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
 * broken WebSocket framing on the wire — against the hub and the raw relay, and random and
 * malformed Engine.IO / Socket.IO packets over both Socket.IO transports. The server answers each
 * connection with errors or closes it with a protocol close code, keeps serving well-behaved
 * clients in full, and logs no unhandled failure.
 */
@QuarkusTest
class FuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20_240_601L);
    private static final int FRAMES = 3000;
    private static final String[] TYPES = {"hello", "join", "leave", "publish", "broadcast", "direct", "presence", "set",
        "unset", "auth", "subscribe", "", "JOIN", "publish ", "\u0000", "toString", "__proto__"};
    /** Packet heads: Engine.IO types, Socket.IO types with namespaces and ack ids, binary records. */
    private static final String[] SIO_HEADS = {"0", "1", "2", "3", "5", "6", "7", "40", "41", "42", "43", "44", "45",
        "46", "47", "4", "4/", "4/admin,", "42/x,", "451-", "452-", "45-1", "40/,", "4299999999999999999999", "b",
        "2probe", "3probe", "42\u0000"};
    private static final String SIO_PATH = "/socket.io/?EIO=4&transport=";
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
                String frame = fuzzer.nextOrNull(Duration.ofSeconds(10));
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

    @Test
    void randomSocketIoPacketsOverWebSocketAndPollingGetCleanAnswersAndOthersAreServed() throws Exception {
        Random random = new Random(SEED + 2);
        Set<Integer> clean = Set.of(1000, 1002, 1007, 1008, 1009);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (WsClient good = WsClient.open(uri, "/", "switchboard.v1");
                WsClient goodSio = WsClient.open(uri, SIO_PATH + "websocket")) {
            good.hello();
            assertThat(goodSio.next()).startsWith("0{\"sid\":");
            goodSio.send("40");
            assertThat(nextSio(goodSio)).matches("40\\{\"sid\":\"\\d+\",\"pid\":\"[A-Za-z0-9_-]{20}\"\\}");
            WsClient fuzzer = null;
            String pollingSid = null;
            int sessions = 0;
            for (int i = 0; i < 1200; i++) {
                if (i % 2 == 0) {
                    if (fuzzer != null && fuzzer.isClosed()) {
                        assertThat(fuzzer.closeCode()).as("close code of a fuzzed Socket.IO WebSocket").isIn(clean);
                        fuzzer.close();
                        fuzzer = null;
                    }
                    if (fuzzer == null) {
                        fuzzer = WsClient.open(uri, SIO_PATH + "websocket");
                        sessions++;
                        if (random.nextInt(5) > 0) {
                            fuzzer.send("40");
                        }
                    }
                    try {
                        if (random.nextInt(10) == 0) {
                            fuzzer.sendBinary(bytes(random, random.nextInt(64)));
                        } else {
                            fuzzer.send(sioPacket(random));
                        }
                    } catch (RuntimeException closedMeanwhile) {
                        assertThat(fuzzer.closeCode()).as("close code of a fuzzed Socket.IO WebSocket").isIn(clean);
                    }
                } else {
                    if (pollingSid == null) {
                        HttpResponse<String> open = http.send(HttpRequest.newBuilder(uri.resolve(SIO_PATH + "polling")).build(),
                                BodyHandlers.ofString());
                        assertThat(open.statusCode()).isEqualTo(200);
                        pollingSid = open.body().replaceAll("^0\\{\"sid\":\"([^\"]+)\".*$", "$1");
                        sessions++;
                        if (random.nextInt(5) > 0) {
                            post(http, pollingSid, "40");
                        }
                    }
                    StringBuilder body = new StringBuilder();
                    for (int p = random.nextInt(4); p >= 0; p--) {
                        body.append(random.nextInt(8) == 0 ? "b" + java.util.Base64.getEncoder().encodeToString(bytes(random, 8))
                                : sioPacket(random));
                        if (p > 0) {
                            body.append('\u001e');
                        }
                    }
                    HttpResponse<String> answer = post(http, pollingSid, body.toString());
                    assertThat(answer.statusCode()).as("answer to POST %s: %s", body, answer.body()).isIn(200, 400);
                    if (answer.statusCode() == 400) {
                        // The session was closed for a bad packet (or had been): start another.
                        pollingSid = null;
                    }
                }
                if (i % 100 == 0) {
                    good.send("{\"type\":\"hello\",\"id\":\"g" + i + "\"}");
                    String reply;
                    do {
                        reply = good.next();
                    } while (!reply.contains("\"id\":\"g" + i + "\""));
                    assertThat(reply).contains("\"welcome\"");
                    goodSio.send("42" + i + "[\"hello\"]");
                    String ack;
                    do {
                        ack = nextSio(goodSio);
                    } while (!ack.startsWith("43" + i + "["));
                    assertThat(ack).startsWith("43" + i + "[{\"type\":\"welcome\"");
                }
            }
            if (fuzzer != null) {
                fuzzer.close();
            }
            assertThat(sessions).isGreaterThan(2);
        }
        assertNoUnhandledFailures();
    }

    private HttpResponse<String> post(HttpClient http, String sid, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri.resolve(SIO_PATH + "polling&sid=" + sid))
                .header("Content-Type", "text/plain;charset=UTF-8").timeout(Duration.ofSeconds(10))
                .POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }

    /** The next Socket.IO packet that is not a ping (answered), a feed event or a lobby notice. */
    private static String nextSio(WsClient client) {
        while (true) {
            String packet = client.next();
            if ("2".equals(packet)) {
                client.send("3");
            } else if (!packet.startsWith("42[\"api:") && !packet.startsWith("42[\"client:")) {
                return packet;
            }
        }
    }

    /** One Engine.IO text packet: a head from {@link #SIO_HEADS}, maybe an ack id, and JSON-ish data. */
    private static String sioPacket(Random random) {
        String head = SIO_HEADS[random.nextInt(SIO_HEADS.length)];
        String ack = random.nextInt(3) == 0 ? Integer.toString(random.nextInt(1000)) : "";
        String data = switch (random.nextInt(6)) {
            case 0 -> "[" + quote(TYPES[random.nextInt(TYPES.length)]) + "," + value(random, 0) + "]";
            case 1 -> "[\"publish\",{\"_placeholder\":true,\"num\":" + value(random, 0) + "}]";
            case 2 -> "{\"token\":" + value(random, 0) + "}";
            case 3 -> value(random, 0);
            case 4 -> "[" + quote(TYPES[random.nextInt(TYPES.length)]) + "," + request(random) + "]";
            default -> junk(random);
        };
        String packet = head + ack + data;
        return random.nextInt(8) == 0 ? packet.substring(0, random.nextInt(packet.length())) : packet;
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
