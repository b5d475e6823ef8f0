package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;

import io.switchboard.transport.socketio.SocketIoPacket.Type;

/**
 * The Socket.IO v5 packet encoding, on every example of the protocol specification, and the
 * malformed input the reference parser refuses.
 */
class SocketIoCodecTest {

    private static JsonNode json(String text) {
        try {
            return text == null ? null : SocketIoCodec.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Stream<Arguments> textPackets() {
        return Stream.of(
                Arguments.of("0", Type.CONNECT, "/", null, null),
                Arguments.of("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}", Type.CONNECT, "/admin", null, "{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"),
                Arguments.of("0{\"token\":\"123\"}", Type.CONNECT, "/", null, "{\"token\":\"123\"}"),
                Arguments.of("4{\"message\":\"Not authorized\"}", Type.CONNECT_ERROR, "/", null, "{\"message\":\"Not authorized\"}"),
                Arguments.of("4/random,{\"message\":\"Invalid namespace\"}", Type.CONNECT_ERROR, "/random", null, "{\"message\":\"Invalid namespace\"}"),
                Arguments.of("2[\"foo\"]", Type.EVENT, "/", null, "[\"foo\"]"),
                Arguments.of("2/admin,[\"bar\"]", Type.EVENT, "/admin", null, "[\"bar\"]"),
                Arguments.of("2[\"message\",1,\"2\",{\"3\":[true]}]", Type.EVENT, "/", null, "[\"message\",1,\"2\",{\"3\":[true]}]"),
                Arguments.of("2[42,\"numeric event name\"]", Type.EVENT, "/", null, "[42,\"numeric event name\"]"),
                Arguments.of("212[\"foo\"]", Type.EVENT, "/", 12L, "[\"foo\"]"),
                Arguments.of("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]", Type.EVENT, "/", 456L, "[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"),
                Arguments.of("3/admin,13[\"bar\"]", Type.ACK, "/admin", 13L, "[\"bar\"]"),
                Arguments.of("312[]", Type.ACK, "/", 12L, "[]"),
                Arguments.of("1", Type.DISCONNECT, "/", null, null),
                Arguments.of("1/admin,", Type.DISCONNECT, "/admin", null, null),
                Arguments.of("2[\"exact\",1.50,1e400,12345678901234567890]", Type.EVENT, "/", null, "[\"exact\",1.50,1E+400,12345678901234567890]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textPackets")
    void textPacketsDecode(String wire, Type type, String namespace, Long id, String data) throws Exception {
        SocketIoPacket packet = new SocketIoDecoder().add(wire);

        assertThat(packet.type()).isEqualTo(type);
        assertThat(packet.namespace()).isEqualTo(namespace);
        assertThat(packet.id()).isEqualTo(id);
        assertThat(packet.data() == null ? null : packet.data().toString()).isEqualTo(data == null ? null : json(data).toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textPackets")
    void textPacketsEncodeAsTheSpecificationWritesThem(String wire, Type type, String namespace, Long id, String data) {
        if (wire.startsWith("1/admin,")) {
            // The one example the encoder writes shorter: a namespace without data needs its comma only on input.
            assertThat(SocketIoCodec.encode(new SocketIoPacket(type, namespace, id, null)).text()).isEqualTo("1/admin,");
            return;
        }
        SocketIoCodec.Encoded encoded = SocketIoCodec.encode(new SocketIoPacket(type, namespace, id, json(data)));

        assertThat(encoded.text()).isEqualTo(wire.contains("1e400") ? "2[\"exact\",1.50,1E+400,12345678901234567890]" : wire);
        assertThat(encoded.attachments()).isEmpty();
    }

    @Test
    void aBinaryEventWaitsForItsAttachmentAndComesOutAsAnEventWithTheBytesInPlace() throws Exception {
        SocketIoDecoder decoder = new SocketIoDecoder();

        assertThat(decoder.add("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]")).isNull();
        SocketIoPacket packet = decoder.add(new byte[] {1, 2, 3, 4});

        assertThat(packet.type()).isEqualTo(Type.EVENT);
        assertThat(packet.data().get(0).asText()).isEqualTo("baz");
        assertThat(packet.data().get(1).binaryValue()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void attachmentsFillTheirPlaceholdersByNumberWhereverTheyAre() throws Exception {
        SocketIoDecoder decoder = new SocketIoDecoder();

        assertThat(decoder.add("52-/admin,[\"baz\",{\"deep\":[{\"_placeholder\":true,\"num\":1}]},{\"_placeholder\":true,\"num\":0}]")).isNull();
        assertThat(decoder.add(new byte[] {1, 2})).isNull();
        SocketIoPacket packet = decoder.add(new byte[] {3, 4});

        assertThat(packet.namespace()).isEqualTo("/admin");
        assertThat(packet.data().get(1).get("deep").get(0).binaryValue()).containsExactly(3, 4);
        assertThat(packet.data().get(2).binaryValue()).containsExactly(1, 2);
    }

    @Test
    void aBinaryAckComesOutAsAnAck() throws Exception {
        SocketIoDecoder decoder = new SocketIoDecoder();

        assertThat(decoder.add("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]")).isNull();
        SocketIoPacket packet = decoder.add(new byte[] {1, 2, 3, 4});

        assertThat(packet.type()).isEqualTo(Type.ACK);
        assertThat(packet.id()).isEqualTo(15L);
        assertThat(packet.data().get(1).binaryValue()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aBinaryPacketAnnouncingNoAttachmentsIsCompleteAtOnce() throws Exception {
        SocketIoPacket packet = new SocketIoDecoder().add("50-[\"nothing\"]");

        assertThat(packet.type()).isEqualTo(Type.EVENT);
    }

    @Test
    void theDecoderGoesOnAfterAReassembledPacket() throws Exception {
        SocketIoDecoder decoder = new SocketIoDecoder();
        decoder.add("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
        decoder.add(new byte[] {9});

        assertThat(decoder.add("2[\"next\"]").data().get(0).asText()).isEqualTo("next");
    }

    @Test
    void binaryValuesAreEncodedAsPlaceholdersAndAttachmentsInOrder() {
        ArrayNode data = SocketIoCodec.JSON.createArrayNode().add("baz");
        data.add(BinaryNode.valueOf(new byte[] {1, 2}));
        data.addObject().set("nested", BinaryNode.valueOf(new byte[] {3, 4}));

        SocketIoCodec.Encoded event = SocketIoCodec.encode(new SocketIoPacket(Type.EVENT, "/admin", null, data));
        SocketIoCodec.Encoded ack = SocketIoCodec.encode(new SocketIoPacket(Type.ACK, "/", 15L, data));

        assertThat(event.text()).isEqualTo("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"nested\":{\"_placeholder\":true,\"num\":1}}]");
        assertThat(event.attachments()).containsExactly(new byte[] {1, 2}, new byte[] {3, 4});
        assertThat(ack.text()).isEqualTo("62-15[\"baz\",{\"_placeholder\":true,\"num\":0},{\"nested\":{\"_placeholder\":true,\"num\":1}}]");
        assertThat(data.get(1).isBinary()).as("the caller's tree is left as it was").isTrue();
    }

    @Test
    void theSpecificationsBinaryExamplesRoundTrip() throws Exception {
        for (String wire : List.of("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", "61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]")) {
            SocketIoDecoder decoder = new SocketIoDecoder();
            decoder.add(wire);
            SocketIoPacket packet = decoder.add(new byte[] {1, 2, 3, 4});
            SocketIoCodec.Encoded encoded = SocketIoCodec.encode(packet);
            assertThat(encoded.text()).isEqualTo(wire);
            assertThat(encoded.attachments()).containsExactly(new byte[] {1, 2, 3, 4});
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "",
        "abc",
        "7[\"x\"]",
        "2{}",
        "2abc[\"message-with-ack\",1]",
        "2",
        "2[]",
        "2[true]",
        "2[null]",
        "2[\"connect\"]",
        "2[\"disconnect\"]",
        "2[\"newListener\"]",
        "2[\"x\"] trailing",
        "2[\"unterminated\"",
        "3",
        "3{}",
        "312\"x\"",
        "0[1]",
        "0\"token\"",
        "1{}",
        "1[]",
        "4",
        "4[1]",
        "5[\"no dash\"]",
        "5x-[\"x\"]",
        "5-[\"x\"]",
        "511-[\"too many attachments\"]",
        "6-1[\"x\"]",
        "299999999999999999[\"id too large\"]",
        "5/admin1-[\"x\"]"})
    void malformedPacketsAreRefused(String wire) {
        assertThatThrownBy(() -> new SocketIoDecoder().add(wire)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void textWhileAttachmentsAreDueIsRefused() throws Exception {
        SocketIoDecoder decoder = new SocketIoDecoder();
        decoder.add("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");

        assertThatThrownBy(() -> decoder.add("2[\"b\"]")).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void binaryWhenNoAttachmentIsDueIsRefused() {
        assertThatThrownBy(() -> new SocketIoDecoder().add(new byte[] {1})).isInstanceOf(MalformedPacketException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"_placeholder\":true,\"num\":1}",
        "{\"_placeholder\":true,\"num\":-1}",
        "{\"_placeholder\":true,\"num\":\"0\"}",
        "{\"_placeholder\":true,\"num\":0.5}",
        "{\"_placeholder\":true}"})
    void aPlaceholderThatNamesNoAttachmentIsRefused(String placeholder) throws Exception {
        SocketIoDecoder decoder = new SocketIoDecoder();
        decoder.add("51-[\"a\"," + placeholder + "]");

        assertThatThrownBy(() -> decoder.add(new byte[] {1})).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void placeholdersInAPlainEventStayJson() throws Exception {
        SocketIoPacket packet = new SocketIoDecoder().add("2[\"a\",{\"_placeholder\":true,\"num\":0}]");

        assertThat(packet.data().get(1).isObject()).isTrue();
    }
}
