package io.switchboard.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import io.switchboard.protocol.Frames;
import io.switchboard.protocol.RequestParser;
import io.switchboard.protocol.RoomNames;

/**
 * The body of the API's message endpoints, {@code {"payload":<any JSON>,"from":"<name>"}}, read
 * the way the hub reads a client's request: the payload's exact bytes are sliced out of the body
 * and forwarded as they came (number formatting, key order and white space kept), never turned
 * into objects and back.
 *
 * @param payload the payload as raw JSON
 * @param from the sender as raw JSON: {@link Frames#SERVER}, or the quoted name the caller gave
 */
record MessageBody(byte[] payload, String from) {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(RequestParser.MAX_NESTING).build())
            .build();

    /**
     * Reads a body; a problem names what is wrong with it.
     *
     * @param maxPayload the largest payload, in bytes (a client's largest frame)
     */
    static MessageBody parse(byte[] body, int maxPayload) {
        if (body == null || body.length == 0) {
            throw new ApiProblem(ProblemType.BAD_JSON, "the body is empty; send {\"payload\":<any JSON>}");
        }
        byte[] payload = null;
        String from = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ApiProblem(ProblemType.BAD_REQUEST, "the body must be a JSON object: {\"payload\":<any JSON>}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "payload" -> payload = RequestParser.slice(body, p);
                    case "from" -> from = name(p);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new ApiProblem(ProblemType.BAD_JSON, "the body is not one valid JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new ApiProblem(ProblemType.BAD_JSON, "the body is not valid JSON (or nests deeper than "
                    + RequestParser.MAX_NESTING + " levels)");
        } catch (IOException e) {
            throw new ApiProblem(ProblemType.BAD_JSON, "the body could not be read");
        }
        if (payload == null) {
            throw new ApiProblem(ProblemType.BAD_REQUEST, "\"payload\" is required");
        }
        if (payload.length > maxPayload) {
            throw new ApiProblem(ProblemType.LIMIT_EXCEEDED, "the payload has " + payload.length
                    + " bytes; at most " + maxPayload + " are allowed (switchboard.max-frame-size)");
        }
        return new MessageBody(payload, from == null ? Frames.SERVER : from);
    }

    /** A sender name: the room-name alphabet, so that it needs no escaping and reads well in logs. */
    private static String name(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING && RoomNames.isValid(p.getText())) {
            return '"' + p.getText() + '"';
        }
        p.skipChildren();
        throw new ApiProblem(ProblemType.BAD_REQUEST,
                "\"from\" must be a name of 1-64 characters of A-Z a-z 0-9 . _ : -");
    }
}
