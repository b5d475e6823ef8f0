package io.switchboard.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.Backplane;
import io.switchboard.backplane.Target;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.health.NodeStatus;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Traffic;
import io.switchboard.metrics.TrafficRates;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frames;

/** {@code /api/broadcast} and {@code /api/stats}: the hub as a whole. */
@Path("/api")
@Tag(name = "hub")
@Produces(MediaType.APPLICATION_JSON)
public class HubResource {

    @Inject
    Hub hub;

    @Inject
    Backplane backplane;

    @Inject
    SwitchboardConfig config;

    @Inject
    TrafficRates rates;

    @Inject
    NodeStatus status;

    @POST
    @Path("/broadcast")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Broadcast to every client", description = "Every client on every node receives "
            + "{\"type\":\"broadcast\",\"payload\":…,\"from\":\"server\"}, the lobby broadcast of the plain chat "
            + "protocol (\"from\" is the sender the body names, if any).")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = MessageRequest.class)))
    @APIResponse(responseCode = "204", description = "Broadcast")
    public Uni<Void> broadcast(byte[] body) {
        MessageBody message = MessageBody.parse(body, config.maxFrameSize());
        return backplane.publish(Target.room(Hub.LOBBY), Frames.broadcast(null, message.payload(), message.from()))
                .onFailure().transform(ApiProblem::unavailable);
    }

    @GET
    @Path("/stats")
    @Operation(summary = "This node's statistics", description = "Connections by transport, rooms, frames in and "
            + "out per second (over the last few seconds) and totals since start: the counters /q/metrics serves. "
            + "Each node answers for itself.")
    public Uni<Stats> stats() {
        Traffic traffic = hub.traffic();
        return Uni.createFrom().item(new Stats(backplane.nodeId(), traffic.connections(), hub.localRooms(), rates.inPerSecond(),
                rates.outPerSecond(), traffic.received(), traffic.delivered(), traffic.joins(), traffic.dropped(),
                CloseCode.SLOW_CONSUMER.sent(), backplane.localHistoryBytes(), status.ready()));
    }
}
