package io.switchboard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Kept messages of a room, oldest first, exactly as clients received them.
 *
 * @param room the room
 * @param history whether the room keeps history at all
 * @param offset the room's latest offset (absent without history)
 * @param epoch the history epoch (absent without history)
 * @param recovered with {@code since}: whether every message after it is still kept (and so the
 *        messages continue right after it); absent without {@code since}
 * @param messages the {@code message} frames, raw JSON
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "HistoryPage")
public record HistoryPage(
        @Schema(example = "chat") String room,
        boolean history,
        @Schema(example = "42") Long offset,
        @Schema(example = "7eabedb5") String epoch,
        Boolean recovered,
        @JsonRawValue @Schema(type = SchemaType.ARRAY, implementation = Object.class,
                example = "[{\"type\":\"message\",\"room\":\"chat\",\"from\":3,\"offset\":42,\"payload\":{\"text\":\"hi\"}}]")
        String messages) {
}
