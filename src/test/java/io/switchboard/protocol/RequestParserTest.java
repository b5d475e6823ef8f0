package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RequestParserTest {
    private final RequestParser parser = new RequestParser();

    @Test
    void keepsThePayloadBytesExactlyAsSent() throws ProtocolException {
        String payload = "{ \"a\" : [1, 2.50, 1e3, \"\\u00e9\\n\", null, true] }";
        Request r = parse("{\"type\":\"publish\",\"room\":\"r\",\"payload\":" + payload + ",\"id\":\"x\"}");
        assertThat(new String(r.payload(), StandardCharsets.UTF_8)).isEqualTo(payload);
        assertThat(r.type()).isEqualTo("publish");
        assertThat(r.room()).isEqualTo("r");
        assertThat(r.id()).isEqualTo("\"x\"");
    }

    @Test
    void slicesScalarPayloadsOfEveryKind() throws ProtocolException {
        for (String payload : new String[] {"\"text with \\\" quote\"", "12345", "-1.5e-7", "true", "false", "null", "[]", "{}", "\"é ü 😀\""}) {
            Request r = parse("{\"payload\":" + payload + ",\"type\":\"broadcast\"}");
            assertThat(new String(r.payload(), StandardCharsets.UTF_8)).isEqualTo(payload);
        }
    }

    @Test
    void readsIdsAsRawJson() throws ProtocolException {
        assertThat(parse("{\"type\":\"hello\",\"id\":17}").id()).isEqualTo("17");
        assertThat(parse("{\"type\":\"hello\",\"id\":\"a\\\"b\"}").id()).isEqualTo("\"a\\\"b\"");
        assertThat(parse("{\"type\":\"hello\"}").id()).isNull();
    }

    @Test
    void readsTheRecipientOfADirect() throws ProtocolException {
        assertThat(parse("{\"type\":\"direct\",\"to\":9,\"payload\":1}").to()).isEqualTo(9L);
    }

    @Test
    void ignoresUnknownFields() throws ProtocolException {
        assertThat(parse("{\"type\":\"hello\",\"extra\":{\"deep\":[1,{\"x\":2}]}}").type()).isEqualTo("hello");
    }

    @Test
    void refusesWhatIsNotARequest() {
        expect("not json", ErrorCode.BAD_JSON);
        expect("", ErrorCode.BAD_JSON);
        expect("{\"type\":\"hello\"", ErrorCode.BAD_JSON);
        expect("{\"type\":\"hello\"}{}", ErrorCode.BAD_JSON);
        expect("[]", ErrorCode.BAD_REQUEST);
        expect("42", ErrorCode.BAD_REQUEST);
        expect("{\"id\":1}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":null}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"direct\",\"to\":1.5}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"direct\",\"to\":123456789012345678901234567890}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"join\",\"room\":[\"r\"]}", ErrorCode.BAD_ROOM);
        expect("[".repeat(100) + "]".repeat(100), ErrorCode.BAD_JSON);
    }

    @Test
    void readsJoinOptionsAndStateFields() throws ProtocolException {
        Request join = parse("{\"type\":\"join\",\"room\":\"r\",\"since\":{\"epoch\":\"ab\",\"offset\":40,\"x\":[1]},\"history\":10,\"events\":false}");
        assertThat(join.since()).isEqualTo(new Position(40, "ab"));
        assertThat(join.history()).isEqualTo(10);
        assertThat(join.wantsEvents()).isFalse();
        assertThat(parse("{\"type\":\"join\",\"room\":\"r\"}").wantsEvents()).isTrue();
        Request set = parse("{\"type\":\"set\",\"room\":\"r\",\"key\":\"volume\",\"value\": {\"a\" : 0.70}}");
        assertThat(set.key()).isEqualTo("volume");
        assertThat(new String(set.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\" : 0.70}");
        assertThat(parse("{\"type\":\"publish\",\"room\":\"r\",\"payload\":1,\"volatile\":true}").volatileFlag()).isTrue();
        assertThat(parse("{\"type\":\"auth\",\"token\":\"t.k.n\"}").token()).isEqualTo("t.k.n");
    }

    @Test
    void refusesMalformedJoinOptions() {
        expect("{\"type\":\"join\",\"room\":\"r\",\"since\":40}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"join\",\"room\":\"r\",\"since\":{\"offset\":40}}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"join\",\"room\":\"r\",\"since\":{\"offset\":-1,\"epoch\":\"e\"}}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"join\",\"room\":\"r\",\"since\":{\"offset\":\"4\",\"epoch\":\"e\"}}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"join\",\"room\":\"r\",\"history\":-2}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"join\",\"room\":\"r\",\"events\":\"no\"}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"publish\",\"room\":\"r\",\"payload\":1,\"volatile\":1}", ErrorCode.BAD_REQUEST);
        expect("{\"type\":\"set\",\"room\":\"r\",\"key\":5,\"value\":1}", ErrorCode.BAD_REQUEST);
    }

    @Test
    void saysWhenTheNestingLimitWasHit() {
        assertThatThrownBy(() -> parse("{\"type\":\"publish\",\"payload\":" + "[".repeat(100) + "]".repeat(100) + "}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_JSON);
                    assertThat(e.getMessage()).isEqualTo("JSON nested deeper than 64 levels");
                });
    }

    @Test
    void anErrorCarriesTheIdWhenItCouldBeRead() {
        assertThatThrownBy(() -> parse("{\"id\":5,\"type\":7}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.id()).isEqualTo("5"));
    }

    private Request parse(String text) throws ProtocolException {
        return parser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private void expect(String text, ErrorCode code) {
        assertThatThrownBy(() -> parse(text)).as(text)
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
