package io.switchboard.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Parses hub requests with Jackson's streaming parser. Payloads and state values are not turned
 * into objects: their exact bytes are sliced out of the frame so they are forwarded as they came.
 * Thread-safe.
 */
public final class RequestParser {
    /** Deepest JSON nesting a request may have. */
    public static final int MAX_NESTING = 64;

    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build();

    /**
     * Parses one text frame.
     *
     * @throws ProtocolException with {@code bad_json} for text that is not JSON (or nests deeper
     *         than {@link #MAX_NESTING}), {@code bad_request} for JSON that is not an object or has
     *         fields of the wrong type, {@code bad_room} for a room that is not a string
     */
    public Request parse(byte[] utf8) throws ProtocolException {
        Fields f = new Fields();
        try (JsonParser p = factory.createParser(utf8)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                skipAll(p, first);
                throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "a request must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                f.read(field, p, utf8);
            }
            if (t != JsonToken.END_OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_JSON, null, "text is not valid JSON");
            }
            if (p.nextToken() != null) {
                throw new ProtocolException(ErrorCode.BAD_JSON, null, "unexpected data after the JSON object");
            }
        } catch (StreamConstraintsException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, null, "JSON nested deeper than " + MAX_NESTING + " levels");
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, null, "text is not valid JSON");
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, null, "text could not be read");
        }
        return f.request();
    }

    /** The fields read so far, and the first problem met; problems are reported after the whole parse. */
    private static final class Fields {
        String type;
        String id;
        String room;
        Long to;
        byte[] payload;
        Position since;
        Integer history;
        Boolean events;
        boolean volatileFlag;
        String key;
        byte[] value;
        String token;
        boolean badId;
        ErrorCode problem;
        String problemText;

        void read(String field, JsonParser p, byte[] input) throws IOException {
            JsonToken value = p.currentToken();
            switch (field) {
                case "type" -> type = string(p, "\"type\" must be a string");
                case "id" -> {
                    if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT
                            || value == JsonToken.VALUE_NUMBER_FLOAT) {
                        id = new String(slice(input, p), StandardCharsets.UTF_8);
                    } else {
                        badId = true;
                        p.skipChildren();
                    }
                }
                case "room" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        room = p.getText();
                    } else {
                        problem(ErrorCode.BAD_ROOM, "\"room\" must be a string");
                        p.skipChildren();
                    }
                }
                case "to" -> {
                    if (isLong(p)) {
                        to = p.getLongValue();
                    } else {
                        problem(ErrorCode.BAD_REQUEST, "\"to\" must be a client id (an integer)");
                        p.skipChildren();
                    }
                }
                case "payload" -> payload = slice(input, p);
                case "since" -> since = since(p);
                case "history" -> {
                    if (isLong(p) && p.getLongValue() >= 0 && p.getLongValue() <= Integer.MAX_VALUE) {
                        history = p.getIntValue();
                    } else {
                        problem(ErrorCode.BAD_REQUEST, "\"history\" must be a count (an integer >= 0)");
                        p.skipChildren();
                    }
                }
                case "events" -> events = flag(p, "\"events\" must be true or false");
                case "volatile" -> volatileFlag = Boolean.TRUE.equals(flag(p, "\"volatile\" must be true or false"));
                case "key" -> key = string(p, "\"key\" must be a string");
                case "value" -> this.value = slice(input, p);
                case "token" -> token = string(p, "\"token\" must be a string");
                default -> p.skipChildren();
            }
        }

        private String string(JsonParser p, String message) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            problem(ErrorCode.BAD_REQUEST, message);
            p.skipChildren();
            return null;
        }

        private Boolean flag(JsonParser p, String message) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                return t == JsonToken.VALUE_TRUE;
            }
            problem(ErrorCode.BAD_REQUEST, message);
            p.skipChildren();
            return null;
        }

        /** {@code {"offset":<integer >= 0>,"epoch":<string>}}, other fields ignored. */
        private Position since(JsonParser p) throws IOException {
            String message = "\"since\" must be {\"offset\":<integer>,\"epoch\":<string>}";
            if (p.currentToken() != JsonToken.START_OBJECT) {
                problem(ErrorCode.BAD_REQUEST, message);
                p.skipChildren();
                return null;
            }
            Long offset = null;
            String epoch = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("offset".equals(name) && isLong(p) && p.getLongValue() >= 0) {
                    offset = p.getLongValue();
                } else if ("epoch".equals(name) && p.currentToken() == JsonToken.VALUE_STRING) {
                    epoch = p.getText();
                } else if ("offset".equals(name) || "epoch".equals(name)) {
                    offset = null;
                    epoch = null;
                    p.skipChildren();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        p.nextToken();
                        p.skipChildren();
                    }
                    break;
                } else {
                    p.skipChildren();
                }
            }
            if (offset == null || epoch == null) {
                problem(ErrorCode.BAD_REQUEST, message);
                return null;
            }
            return new Position(offset, epoch);
        }

        private void problem(ErrorCode code, String text) {
            if (problem == null) {
                problem = code;
                problemText = text;
            }
        }

        Request request() throws ProtocolException {
            if (badId) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "\"id\" must be a string or a number");
            }
            if (type == null && problem == null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "\"type\" is required");
            }
            if (problem != null) {
                throw new ProtocolException(problem, id, problemText);
            }
            return new Request(type, id, room, to, payload, since, history, events, volatileFlag, key, value, token);
        }
    }

    private static boolean isLong(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
    }

    /**
     * The exact bytes of the value {@code p} (a parser over {@code input}) is on; moves the parser
     * to the value's end.
     */
    public static byte[] slice(byte[] input, JsonParser p) throws IOException {
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
