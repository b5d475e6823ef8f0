package io.switchboard.transport;

import static io.switchboard.testing.RawPeer.BINARY;
import static io.switchboard.testing.RawPeer.CLOSE;
import static io.switchboard.testing.RawPeer.CONTINUATION;
import static io.switchboard.testing.RawPeer.PING;
import static io.switchboard.testing.RawPeer.PONG;
import static io.switchboard.testing.RawPeer.TEXT;
import static io.switchboard.testing.RawPeer.closeBody;
import static io.switchboard.testing.RawPeer.frame;
import static io.switchboard.testing.RawPeer.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.RawPeer;
import io.switchboard.testing.RawPeer.WireFrame;

/**
 * RFC 6455 on the wire, on every WebSocket endpoint, with raw frames over a plain TCP socket: the
 * categories of the Autobahn|Testsuite fuzzing client's sections 1–7 and 9 (framing, pings and
 * pongs, reserved bits, opcodes, fragmentation, UTF-8, close handling, limits). Every failure must
 * arrive as a close frame with the code the RFC asks for (1002 protocol error, 1007 invalid
 * UTF-8, 1009 too big), followed by a clean TCP close; valid close codes come back unchanged;
 * payload bytes are never altered.
 */
@QuarkusTest
class WebSocketConformanceTest {
    private static final int LIMIT = 65536;
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @TestHTTPResource("/")
    URI uri;

    /**
     * The three endpoints. Echo and raw answer a text message with the same bytes (a raw room of
     * one socket is an echo); on the hub, a socket that has joined a room publishes the text as
     * a JSON string payload, which comes back to it byte for byte inside a {@code message} frame.
     */
    enum Endpoint {
        ECHO, RAW, HUB
    }

    /** A raw socket on one endpoint, in a room of its own (raw and hub). */
    private final class Peer implements AutoCloseable {
        final RawPeer raw;
        final Endpoint endpoint;
        final String room = "conformance-" + ROOMS.incrementAndGet();

        Peer(Endpoint endpoint) throws IOException {
            this.endpoint = endpoint;
            this.raw = RawPeer.open(uri, switch (endpoint) {
                case ECHO -> "/echo";
                case RAW -> "/raw/" + room;
                case HUB -> "/";
            });
            if (endpoint == Endpoint.HUB) {
                raw.send(TEXT, utf8("{\"type\":\"join\",\"room\":\"" + room + "\"}"));
                assertThat(next().text()).startsWith("{\"type\":\"joined\"");
            }
        }

        /**
         * Frames that may arrive at any time: keep-alive pings, and on the hub notices about
         * other clients coming and going.
         */
        Predicate<WireFrame> noise() {
            Predicate<WireFrame> ping = frame -> frame.opcode() == PING;
            return endpoint != Endpoint.HUB ? ping
                    : ping.or(frame -> frame.opcode() == TEXT && frame.text().startsWith("{\"type\":\"client:"));
        }

        /** The text message that carries {@code text}. */
        byte[] message(byte[] text) {
            return endpoint != Endpoint.HUB ? text
                    : concat(utf8("{\"type\":\"publish\",\"room\":\"" + room + "\",\"payload\":\"u"), text, utf8("\"}"));
        }

        /** Asserts that {@code reply} is the answer to {@link #message} of {@code text}, bytes unchanged. */
        void assertAnswers(WireFrame reply, byte[] text) {
            assertThat(reply.opcode()).as("reply %s", reply).isEqualTo(TEXT);
            assertThat(reply.fin()).isTrue();
            if (endpoint == Endpoint.HUB) {
                assertThat(indexOf(reply.payload(), concat(utf8("\"payload\":\"u"), text, utf8("\""))))
                        .as("%s carries the text unchanged", reply).isNotNegative();
            } else {
                assertThat(reply.payload()).isEqualTo(text);
            }
        }

        Peer send(byte[] bytes) throws IOException {
            raw.send(bytes);
            return this;
        }

        Peer send(int opcode, byte[] payload) throws IOException {
            raw.send(opcode, payload);
            return this;
        }

        WireFrame next() throws IOException {
            return raw.read(noise());
        }

        /** Sends {@code text} as one message and expects it answered unchanged. */
        void roundTrip(byte[] text) throws IOException {
            raw.send(TEXT, message(text));
            assertAnswers(next(), text);
        }

        WireFrame expectClose(int code) throws IOException {
            return raw.expectClose(code, noise());
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    /**
     * Sends a valid message, then {@code bad}, then a ping, and expects the message answered and
     * then a close frame with {@code code}: no pong, nothing after the violation. On echo all three
     * go out in one write, so the answer must come first on its own; the hub and raw relays are
     * given the answer's arrival first.
     */
    private void answersThenFails(Endpoint endpoint, byte[] bad, int code) throws IOException {
        answersThenFails(endpoint, peer -> bad, code);
    }

    private void answersThenFails(Endpoint endpoint, Function<Peer, byte[]> badFrame, int code) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            byte[] bad = badFrame.apply(peer);
            byte[] probe = utf8("before");
            byte[] ping = frame(PING, utf8("after"));
            if (endpoint == Endpoint.ECHO) {
                peer.send(concat(frame(TEXT, probe), bad, ping));
                peer.assertAnswers(peer.next(), probe);
            } else {
                peer.roundTrip(probe);
                peer.send(concat(bad, ping));
            }
            peer.expectClose(code);
        }
    }

    private void fails(Endpoint endpoint, byte[] bad, int code) throws IOException {
        fails(endpoint, peer -> bad, code);
    }

    /** Sends what {@code bad} builds for the peer (around its message wrapper) and expects the close. */
    private void fails(Endpoint endpoint, Function<Peer, byte[]> bad, int code) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            peer.send(bad.apply(peer)).expectClose(code);
        }
    }

    // ---- 1. Framing ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"ECHO", "RAW"})
    void textAndBinaryMessagesOfEveryLengthEncodingComeBackUnchanged(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            for (int length : new int[] {0, 1, 125, 126, 127, 128, 65535, 65536}) {
                for (int opcode : new int[] {TEXT, BINARY}) {
                    byte[] payload = filled(length, '*');
                    peer.send(opcode, payload);
                    WireFrame echo = peer.raw.read();
                    assertThat(echo.opcode()).as("opcode of the %d-byte answer", length).isEqualTo(opcode);
                    assertThat(echo.fin()).isTrue();
                    assertThat(echo.rsv()).isZero();
                    assertThat(echo.payload()).as("%d-byte payload", length).isEqualTo(payload);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"ECHO", "RAW"})
    void aMessageArrivingInSmallTcpWritesComesBackWhole(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            byte[] payload = filled(LIMIT, 'c');
            peer.raw.sendInChunks(frame(BINARY, payload), 997);
            assertThat(peer.raw.read().payload()).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aLengthNotInItsShortestFormIsAProtocolError(Endpoint endpoint) throws IOException {
        // 16-bit length field holding 5.
        fails(endpoint, new byte[] {(byte) 0x81, (byte) 0xFE, 0, 5, 1, 2, 3, 4, 'h', 'e', 'l', 'l', 'o'}, 1002);
    }

    // ---- 2. Pings and pongs ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void pingsAreAnsweredWithPongsCarryingTheSamePayload(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            byte[] binary = new byte[125];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) (255 - i);
            }
            List<byte[]> payloads = List.of(new byte[0], utf8("Hello, world!"), binary);
            for (byte[] payload : payloads) {
                peer.send(PING, payload);
                WireFrame pong = peer.next();
                assertThat(pong.opcode()).isEqualTo(PONG);
                assertThat(pong.payload()).isEqualTo(payload);
            }
            peer.raw.sendInChunks(frame(PING, utf8("chopped")), 1);
            assertThat(peer.next().payload()).isEqualTo(utf8("chopped"));
            ByteArrayOutputStream tenPings = new ByteArrayOutputStream();
            for (int i = 0; i < 10; i++) {
                tenPings.writeBytes(frame(PING, utf8("ping " + i)));
            }
            peer.send(tenPings.toByteArray());
            for (int i = 0; i < 10; i++) {
                WireFrame pong = peer.next();
                assertThat(pong.opcode()).isEqualTo(PONG);
                assertThat(pong.text()).isEqualTo("ping " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void unsolicitedPongsGoUnanswered(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            peer.send(PONG, new byte[0]);
            peer.send(PONG, utf8("unsolicited"));
            // The next frame is the answer to the message: nothing was sent for the pongs.
            peer.roundTrip(utf8("after the pongs"));
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aControlFrameOver125BytesIsAProtocolError(Endpoint endpoint) throws IOException {
        answersThenFails(endpoint, frame(PING, new byte[126]), 1002);
        fails(endpoint, frame(PONG, new byte[126]), 1002);
    }

    // ---- 3. Reserved bits ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anyReservedBitWithoutAnExtensionIsAProtocolError(Endpoint endpoint) throws IOException {
        for (int rsv = 1; rsv <= 7; rsv++) {
            answersThenFails(endpoint, frame(true, rsv, TEXT, utf8("reserved"), true), 1002);
        }
        fails(endpoint, frame(true, 4, BINARY, new byte[] {0, 1, 2}, true), 1002);
        fails(endpoint, frame(true, 2, PING, new byte[0], true), 1002);
        fails(endpoint, frame(true, 1, CLOSE, closeBody(1000, new byte[0]), true), 1002);
    }

    // ---- 4. Opcodes ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void reservedOpcodesAreAProtocolError(Endpoint endpoint) throws IOException {
        for (int opcode : new int[] {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
            answersThenFails(endpoint, frame(opcode, new byte[0]), 1002);
            fails(endpoint, frame(opcode, utf8("reserved opcode")), 1002);
        }
    }

    // ---- 5. Fragmentation ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void fragmentsAreJoinedAndPingsBetweenThemAnsweredFirst(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            byte[] message = peer.message(utf8("fragmented"));
            int half = message.length / 2;
            peer.send(concat(frame(false, 0, TEXT, Arrays.copyOf(message, half), true),
                    frame(PING, utf8("between")),
                    frame(true, 0, CONTINUATION, Arrays.copyOfRange(message, half, message.length), true)));
            WireFrame pong = peer.next();
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.text()).isEqualTo("between");
            peer.assertAnswers(peer.next(), utf8("fragmented"));

            // One fragment per byte, with empty fragments at both ends.
            ByteArrayOutputStream fragments = new ByteArrayOutputStream();
            fragments.writeBytes(frame(false, 0, TEXT, new byte[0], true));
            for (byte b : message) {
                fragments.writeBytes(frame(false, 0, CONTINUATION, new byte[] {b}, true));
            }
            fragments.writeBytes(frame(true, 0, CONTINUATION, new byte[0], true));
            peer.send(fragments.toByteArray());
            peer.assertAnswers(peer.next(), utf8("fragmented"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"ECHO", "RAW"})
    void binaryFragmentsAreJoinedIntoOneBinaryMessage(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            peer.send(concat(frame(false, 0, BINARY, new byte[] {1, 2}, true),
                    frame(false, 0, CONTINUATION, new byte[] {3}, true),
                    frame(true, 0, CONTINUATION, new byte[] {(byte) 0xff}, true)));
            WireFrame echo = peer.raw.read();
            assertThat(echo.opcode()).isEqualTo(BINARY);
            assertThat(echo.payload()).isEqualTo(new byte[] {1, 2, 3, (byte) 0xff});
            // Nothing but empty fragments: one empty message.
            peer.send(concat(frame(false, 0, BINARY, new byte[0], true), frame(false, 0, CONTINUATION, new byte[0], true),
                    frame(true, 0, CONTINUATION, new byte[0], true)));
            WireFrame empty = peer.raw.read();
            assertThat(empty.opcode()).isEqualTo(BINARY);
            assertThat(empty.payload()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void fragmentedControlFramesAreAProtocolError(Endpoint endpoint) throws IOException {
        answersThenFails(endpoint, frame(false, 0, PING, utf8("half"), true), 1002);
        fails(endpoint, frame(false, 0, PONG, utf8("half"), true), 1002);
        fails(endpoint, frame(false, 0, CLOSE, closeBody(1000, new byte[0]), true), 1002);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aContinuationWithNothingToContinueIsAProtocolError(Endpoint endpoint) throws IOException {
        answersThenFails(endpoint, frame(true, 0, CONTINUATION, utf8("orphan"), true), 1002);
        fails(endpoint, frame(false, 0, CONTINUATION, utf8("orphan"), true), 1002);
        fails(endpoint, concat(frame(false, 0, CONTINUATION, utf8("a"), true), frame(true, 0, CONTINUATION, utf8("b"), true)),
                1002);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aNewMessageInsideAFragmentedOneIsAProtocolError(Endpoint endpoint) throws IOException {
        fails(endpoint, concat(frame(false, 0, TEXT, utf8("first"), true), frame(TEXT, utf8("second"))), 1002);
        fails(endpoint, concat(frame(false, 0, BINARY, new byte[] {1}, true), frame(false, 0, TEXT, utf8("x"), true)), 1002);
    }

    // ---- 6. UTF-8 --------------------------------------------------------------------------------

    /** Valid UTF-8: ASCII, Latin-1, Greek, and the boundary code points of each sequence length. */
    private static final List<String> VALID = List.of(
            "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!",
            "\u03ba\u1f79\u03c3\u03bc\u03b5",
            "\u0080 \u07ff \u0800 \ud7ff \ue000 \ufffd \uffff",
            new String(Character.toChars(0x10000)) + new String(Character.toChars(0x10ffff)) + "\ud83d\ude00");

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void validUtf8ComesBackByteForByteWholeOrSplitAnywhere(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            for (String valid : VALID) {
                byte[] text = utf8(valid);
                peer.roundTrip(text);
                byte[] message = peer.message(text);
                // Split in two at every byte, code points cut in the middle included.
                for (int cut = 0; cut <= message.length; cut++) {
                    peer.send(concat(frame(false, 0, TEXT, Arrays.copyOf(message, cut), true),
                            frame(true, 0, CONTINUATION, Arrays.copyOfRange(message, cut, message.length), true)));
                    peer.assertAnswers(peer.next(), text);
                }
            }
        }
    }

    /** Invalid UTF-8 (RFC 3629): stray continuation bytes, overlong forms, surrogates, beyond U+10FFFF, cut sequences. */
    private static final List<byte[]> INVALID = List.of(
            bytes(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 'e', 'd'),
            bytes(0x80), bytes(0xbf), bytes('a', 0x80, 'b'),
            bytes(0xc0, 0xaf), bytes(0xc1, 0xbf), bytes(0xe0, 0x80, 0xaf), bytes(0xf0, 0x80, 0x80, 0xaf),
            bytes(0xed, 0xa0, 0x80), bytes(0xed, 0xbf, 0xbf), bytes(0xf4, 0x90, 0x80, 0x80),
            bytes(0xfe), bytes(0xff), bytes(0xf8, 0x88, 0x80, 0x80, 0x80),
            bytes('a', 0xce), bytes(0xe0, 0xa0), bytes(0xf0, 0x90, 0x80), bytes(0xce, 'a'));

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void invalidUtf8InATextMessageFailsWith1007(Endpoint endpoint) throws IOException {
        for (byte[] invalid : INVALID) {
            answersThenFails(endpoint, peer -> frame(TEXT, peer.message(invalid)), 1007);
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void invalidUtf8InAFragmentFailsAtOnceWithoutWaitingForTheRest(Endpoint endpoint) throws IOException {
        // Only the first fragment is ever sent.
        fails(endpoint, peer -> frame(false, 0, TEXT, peer.message(bytes(0xce, 0xba, 0xed, 0xa0, 0x80, 'x')), true), 1007);
        // A sequence that starts in one fragment and breaks in the next.
        fails(endpoint, concat(frame(false, 0, TEXT, bytes('a', 0xe0), true), frame(false, 0, CONTINUATION, bytes(' '), true)),
                1007);
        // After an empty first fragment.
        fails(endpoint, concat(frame(false, 0, TEXT, new byte[0], true), frame(true, 0, CONTINUATION, bytes('a', 0xff), true)),
                1007);
        // A sequence left open by the last fragment.
        fails(endpoint, concat(frame(false, 0, TEXT, utf8("ab"), true), frame(true, 0, CONTINUATION, bytes(0xf0, 0x90), true)),
                1007);
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"ECHO", "RAW"})
    void binaryMessagesAreNotUtf8AndComeBackUnchanged(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            for (byte[] invalid : INVALID) {
                peer.send(BINARY, invalid);
                WireFrame echo = peer.raw.read();
                assertThat(echo.opcode()).isEqualTo(BINARY);
                assertThat(echo.payload()).isEqualTo(invalid);
            }
        }
    }

    // ---- 7. Close handling -----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aCloseWithoutACodeIsAnsweredWith1000(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            peer.send(CLOSE, new byte[0]);
            peer.expectClose(1000);
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void everyCloseCodeAClientMaySendIsAnsweredWithTheSameCode(Endpoint endpoint) throws IOException {
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
                4999}) {
            try (Peer peer = new Peer(endpoint)) {
                peer.send(CLOSE, closeBody(code, utf8("bye")));
                peer.expectClose(code);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void closeCodesAClientMayNotSendAreAProtocolError(Endpoint endpoint) throws IOException {
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 32768, 65535}) {
            fails(endpoint, frame(CLOSE, closeBody(code, new byte[0])), 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aCloseBodyOfOneByteIsAProtocolError(Endpoint endpoint) throws IOException {
        answersThenFails(endpoint, frame(CLOSE, new byte[] {0x03}), 1002);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aCloseReasonThatIsNotUtf8FailsWith1007(Endpoint endpoint) throws IOException {
        fails(endpoint, frame(CLOSE, closeBody(1000, bytes(0xce, 0xba, 0xed, 0xa0, 0x80))), 1007);
        fails(endpoint, frame(CLOSE, closeBody(1000, bytes('o', 'k', 0xff))), 1007);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aReasonOf123BytesIsEchoedAndALongerCloseFrameIsAProtocolError(Endpoint endpoint) throws IOException {
        byte[] reason = utf8("r".repeat(123));
        try (Peer peer = new Peer(endpoint)) {
            peer.send(CLOSE, closeBody(1000, reason));
            assertThat(peer.expectClose(1000).closeReason()).isEqualTo("r".repeat(123));
        }
        fails(endpoint, frame(CLOSE, closeBody(1000, utf8("r".repeat(124)))), 1002);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void framesAfterTheCloseFrameAreIgnored(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            peer.send(concat(frame(CLOSE, closeBody(1000, utf8("done"))), frame(TEXT, peer.message(utf8("late"))),
                    frame(PING, utf8("late"))));
            peer.expectClose(1000);
        }
    }

    // ---- Masking ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anUnmaskedClientFrameIsAProtocolError(Endpoint endpoint) throws IOException {
        answersThenFails(endpoint, frame(true, 0, TEXT, utf8("unmasked"), false), 1002);
        fails(endpoint, frame(true, 0, PING, new byte[0], false), 1002);
    }

    // ---- 9. Limits -------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"ECHO", "RAW"})
    void aMessageAtTheLimitIsAcceptedInOneFrameOrMany(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            byte[] payload = filled(LIMIT, 'L');
            peer.send(concat(frame(false, 0, TEXT, Arrays.copyOf(payload, 40_000), true),
                    frame(true, 0, CONTINUATION, Arrays.copyOfRange(payload, 40_000, LIMIT), true)));
            assertThat(peer.raw.read().payload()).isEqualTo(payload);
            // Many small messages in a row, each answered in order.
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) {
                burst.writeBytes(frame(TEXT, utf8("m" + i)));
            }
            peer.send(burst.toByteArray());
            for (int i = 0; i < 1000; i++) {
                assertThat(peer.raw.read().text()).isEqualTo("m" + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aFrameOverTheLimitIsClosedWith1009WhileItsPayloadIsStillArriving(Endpoint endpoint) throws IOException {
        try (Peer peer = new Peer(endpoint)) {
            byte[] big = frame(TEXT, utf8("x".repeat(70_000)));
            // The header first: the server fails the connection before the payload arrives, then
            // keeps reading it so that the close frame is not lost to a reset.
            peer.send(Arrays.copyOf(big, 20));
            peer.raw.sendInChunks(Arrays.copyOfRange(big, 20, big.length), 8192);
            peer.expectClose(1009);
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aMessageOverTheLimitIsClosedWith1009WhenItsFragmentsAddUp(Endpoint endpoint) throws IOException {
        byte[] half = filled(LIMIT / 2, 'h');
        fails(endpoint, concat(frame(false, 0, BINARY, half, true), frame(false, 0, CONTINUATION, half, true),
                frame(true, 0, CONTINUATION, new byte[] {1}, true)), 1009);
        fails(endpoint, concat(frame(false, 0, TEXT, half, true), frame(false, 0, CONTINUATION, half, true),
                frame(false, 0, CONTINUATION, new byte[] {'!'}, true)), 1009);
    }

    // ---- Logs ------------------------------------------------------------------------------------

    @Test
    void aClientsViolationIsOneInfoLineAndNeverAWarning() throws IOException {
        LogCapture capture = new LogCapture();
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            fails(Endpoint.HUB, frame(true, 4, TEXT, utf8("{}"), true), 1002);
            fails(Endpoint.RAW, frame(TEXT, bytes(0xff)), 1007);
            fails(Endpoint.ECHO, frame(TEXT, new byte[LIMIT + 1]), 1009);
            fails(Endpoint.ECHO, frame(CLOSE, closeBody(5000, new byte[0])), 1002);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(capture.records).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .extracting(LogRecord::getMessage).isEmpty();
        assertThat(capture.records).filteredOn(r -> r.getLoggerName().equals(ProtocolGuard.class.getName()))
                .extracting(r -> r.getLevel().getName() + " " + formatted(r))
                .hasSize(4)
                .allMatch(line -> line.matches("INFO closing [0-9a-f-]{36} with (1002|1007|1009): .+"), "one INFO line each");
    }

    private static String formatted(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }

    private static final class LogCapture extends Handler {
        final List<LogRecord> records = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static byte[] filled(int length, char c) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
