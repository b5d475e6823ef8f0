package io.switchboard.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/rooms/{room}/messages}, {@code POST /api/clients/{id}/messages} and
 * {@code POST /api/broadcast}. Read by {@link MessageBody} (the payload's bytes are kept as sent);
 * this record describes it for the OpenAPI document.
 *
 * @param payload any JSON value, forwarded byte for byte
 * @param from who the message is from, shown to clients as {@code "from"}; {@code "server"} when absent
 */
@Schema(name = "MessageRequest", description = "A message for clients")
public record MessageRequest(
        @Schema(required = true, description = "Any JSON value; clients receive it byte for byte as sent",
                example = "{\"text\":\"maintenance at 22:00\"}") Object payload,
        @Schema(description = "Sender name (1-64 characters of A-Z a-z 0-9 . _ : -); \"server\" when absent",
                example = "billing", pattern = "^[A-Za-z0-9._:-]{1,64}$") String from) {
}
