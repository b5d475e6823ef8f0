package io.switchboard.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where a published message landed.
 *
 * @param room the room
 * @param offset the message's offset in the room's history; absent for a room that keeps none
 * @param epoch the history epoch of {@code offset}; absent with it
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Published")
public record Published(
        @Schema(example = "chat") String room,
        @Schema(example = "42", description = "Absent when the room keeps no history") Long offset,
        @Schema(example = "7eabedb5", description = "Absent when the room keeps no history") String epoch) {
}
