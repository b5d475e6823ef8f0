package io.switchboard.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * This node's numbers: the same counters {@code /q/metrics} serves, with rates over the last few
 * seconds.
 *
 * @param node this node's backplane id
 * @param connections open connections by transport
 * @param rooms rooms with members on this node
 * @param messagesInPerSecond frames received from clients per second
 * @param messagesOutPerSecond frames delivered to clients per second
 * @param messagesIn frames received since start
 * @param messagesOut frames delivered since start
 * @param joins room joins since start
 * @param dropped volatile frames dropped for backed-up clients since start
 * @param slowConsumers connections closed as slow consumers (4002) since start
 * @param historyBytes bytes of room history held in this node's memory
 * @param ready whether this node takes new clients (backplane reachable, not draining)
 */
@RegisterForReflection
@Schema(name = "Stats")
public record Stats(
        @Schema(example = "5f0c2c1e-1b8e-4a57-9c7a-2f4d1c9b8e11") String node,
        @Schema(example = "{\"websocket\":120,\"socket.io\":8}") Map<String, Long> connections,
        @Schema(example = "14") int rooms,
        @Schema(example = "250.0") double messagesInPerSecond,
        @Schema(example = "31000.0") double messagesOutPerSecond,
        long messagesIn,
        long messagesOut,
        long joins,
        long dropped,
        long slowConsumers,
        long historyBytes,
        boolean ready) {
}
