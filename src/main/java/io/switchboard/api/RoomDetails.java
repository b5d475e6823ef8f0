package io.switchboard.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A room as every node sees it.
 *
 * @param room the room's name
 * @param members how many clients are in it, over every node
 * @param clients their ids, ascending
 * @param feed whether it is a feed room (the server pushes, nobody publishes)
 * @param history whether its messages are kept and get offsets
 * @param offset the latest offset, when it keeps history
 * @param epoch the history epoch, when it keeps history
 * @param state the shared state as a JSON object (raw), absent for a feed room
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "RoomDetails")
public record RoomDetails(
        @Schema(example = "chat") String room,
        @Schema(example = "2") int members,
        @Schema(example = "[3, 7]") List<Long> clients,
        boolean feed,
        boolean history,
        @Schema(example = "42") Long offset,
        @Schema(example = "7eabedb5") String epoch,
        @JsonRawValue @Schema(type = SchemaType.OBJECT, example = "{\"topic\":\"release\"}") String state) {
}
