package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.switchboard.transport.socketio.EnginePacket.Type;

/** The Engine.IO v4 packet and payload encoding, on the examples of the protocol specification. */
class EngineIoCodecTest {

    static Stream<Arguments> packets() {
        return Stream.of(
                Arguments.of("0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\"}", Type.OPEN, "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\"}"),
                Arguments.of("1", Type.CLOSE, null),
                Arguments.of("2", Type.PING, null),
                Arguments.of("2probe", Type.PING, "probe"),
                Arguments.of("3", Type.PONG, null),
                Arguments.of("3probe", Type.PONG, "probe"),
                Arguments.of("4hello", Type.MESSAGE, "hello"),
                Arguments.of("4€ – ü", Type.MESSAGE, "€ – ü"),
                Arguments.of("5", Type.UPGRADE, null),
                Arguments.of("6", Type.NOOP, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void textPacketsDecodeAndEncodeBack(String wire, Type type, String data) throws Exception {
        EnginePacket packet = EngineIoCodec.decode(wire);

        assertThat(packet.type()).isEqualTo(type);
        assertThat(packet.text()).isEqualTo(data);
        assertThat(packet.isBinary()).isFalse();
        assertThat(EngineIoCodec.encode(packet)).isEqualTo(wire);
        assertThat(new String(EngineIoCodec.encoded(packet).bytes(), StandardCharsets.UTF_8)).isEqualTo(wire);
    }

    @Test
    void aBinaryPacketIsBase64AfterB() throws Exception {
        EnginePacket packet = EngineIoCodec.decode("bAQIDBA==");

        assertThat(packet.type()).isEqualTo(Type.MESSAGE);
        assertThat(packet.binary()).containsExactly(1, 2, 3, 4);
        assertThat(EngineIoCodec.encode(packet)).isEqualTo("bAQIDBA==");
        assertThat(EngineIoCodec.encoded(packet).binary()).isTrue();
    }

    @Test
    void aPayloadIsSplitAtTheRecordSeparator() throws Exception {
        List<EnginePacket> packets = EngineIoCodec.decodePayload("4hello\u001e2\u001e4world");

        assertThat(packets).extracting(EnginePacket::type).containsExactly(Type.MESSAGE, Type.PING, Type.MESSAGE);
        assertThat(packets).extracting(EnginePacket::text).containsExactly("hello", null, "world");
    }

    @Test
    void aPayloadMixesTextAndBase64Binary() throws Exception {
        List<EnginePacket> packets = EngineIoCodec.decodePayload("4hello\u001ebAQIDBA==");

        assertThat(packets.get(0).text()).isEqualTo("hello");
        assertThat(packets.get(1).binary()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void payloadsAreEncodedWithSeparatorsAndBase64() {
        byte[] payload = EngineIoCodec.encodePayload(List.of(EncodedPacket.text("4hello"), EncodedPacket.text("2"),
                EncodedPacket.binary(new byte[] {1, 2, 3, 4}), EncodedPacket.text("4€")));

        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("4hello\u001e2\u001ebAQIDBA==\u001e4€");
        assertThat(new String(EngineIoCodec.encodePayload(List.of(EncodedPacket.text("6"))), StandardCharsets.UTF_8)).isEqualTo("6");
    }

    @Test
    void everyBinaryLengthEncodesToItsBase64() {
        for (int length = 0; length < 8; length++) {
            byte[] data = new byte[length];
            byte[] payload = EngineIoCodec.encodePayload(List.of(EncodedPacket.binary(data)));
            assertThat(new String(payload, StandardCharsets.US_ASCII))
                    .isEqualTo("b" + java.util.Base64.getEncoder().encodeToString(data));
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "abc", "7", "x4hello", "b!!not base64", "bAQ=Q"})
    void malformedPacketsAreRefused(String wire) {
        assertThatThrownBy(() -> EngineIoCodec.decode(wire)).isInstanceOf(MalformedPacketException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "4a\u001e", "\u001e4a", "4a\u001eabc", "4a\u001e\u001e4b"})
    void aPayloadWithAMalformedPacketIsRefused(String payload) {
        assertThatThrownBy(() -> EngineIoCodec.decodePayload(payload)).isInstanceOf(MalformedPacketException.class);
    }
}
