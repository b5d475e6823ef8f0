package io.switchboard.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Parses hub requests with Jackson's streaming parser. The payload is not turned into objects: its
 * exact bytes are sliced out of the frame so a publish forwards them as they came.
 * Thread-safe.
 */
public final class RequestParser {
    private static final int MAX_NESTING = 64;

    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build();

    /**
     * Parses one text frame.
     *
     * @throws ProtocolException with {@code bad_json} for text that is not JSON, {@code bad_request}
     *         for JSON that is not an object or has fields of the wrong type
     */
    public Request parse(byte[] utf8) throws ProtocolException {
        String type = null;
        String id = null;
        String room = null;
        Long to = null;
        byte[] payload = null;
        boolean badType = false;
        boolean badRoom = false;
        boolean badTo = false;
        boolean badId = false;
        try (JsonParser p = factory.createParser(utf8)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                skipAll(p, first);
                throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "a request must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            type = p.getText();
                        } else {
                            badType = true;
                            p.skipChildren();
                        }
                    }
                    case "id" -> {
                        if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT
                                || value == JsonToken.VALUE_NUMBER_FLOAT) {
                            id = new String(slice(utf8, p), StandardCharsets.UTF_8);
                        } else {
                            badId = true;
                            p.skipChildren();
                        }
                    }
                    case "room" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            room = p.getText();
                        } else {
                            badRoom = true;
                            p.skipChildren();
                        }
                    }
                    case "to" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            to = p.getLongValue();
                        } else {
                            badTo = true;
                            p.skipChildren();
                        }
                    }
                    case "payload" -> payload = slice(utf8, p);
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_JSON, null, "text is not valid JSON");
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new ProtocolException(ErrorCode.BAD_JSON, null, "unexpected data after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, null, "text is not valid JSON");
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, null, "text could not be read");
        }
        if (badId) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "\"id\" must be a string or a number");
        }
        if (badType) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "\"type\" must be a string");
        }
        if (type == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "\"type\" is required");
        }
        if (badRoom) {
            throw new ProtocolException(ErrorCode.BAD_ROOM, id, "\"room\" must be a string");
        }
        if (badTo) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "\"to\" must be a client id (an integer)");
        }
        return new Request(type, id, room, to, payload);
    }

    /** The exact bytes of the value the parser is on; moves the parser to the value's end. */
    private static byte[] slice(byte[] input, JsonParser p) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        p.finishToken();
        int end = (int) p.currentLocation().getByteOffset();
        return Arrays.copyOfRange(input, start, end);
    }

    private static void skipAll(JsonParser p, JsonToken first) throws IOException {
        if (first == null) {
            throw new JsonParseEndException();
        }
        p.skipChildren();
        while (p.nextToken() != null) {
            p.skipChildren();
        }
    }

    /** Empty input is not JSON. */
    private static final class JsonParseEndException extends JsonProcessingException {
        JsonParseEndException() {
            super("no content");
        }
    }
}
