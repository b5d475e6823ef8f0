package io.switchboard.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of rooms that have members on any node, in name order.
 *
 * @param rooms the rooms of this page
 * @param next the {@code after} of the next page, or null when this page is the last
 */
@RegisterForReflection
@Schema(name = "RoomPage")
public record RoomPage(List<Entry> rooms,
        @Schema(nullable = true, example = "chat", description = "Pass as ?after= for the next page; null on the last page") String next) {

    /**
     * @param room the room's name
     * @param members how many clients are in it, over every node
     */
    @RegisterForReflection
    @Schema(name = "RoomEntry")
    public record Entry(@Schema(example = "chat") String room, @Schema(example = "3") int members) {
    }
}
