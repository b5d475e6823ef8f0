package io.switchboard.api;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.Backplane;
import io.switchboard.backplane.Target;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frames;

/** {@code /api/clients/{id}}: one connected client, on whichever node holds it. */
@Path("/api/clients/{id}")
@Tag(name = "clients")
@Produces(MediaType.APPLICATION_JSON)
public class ClientsResource {

    @Inject
    Backplane backplane;

    @Inject
    SwitchboardConfig config;

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a client a direct message",
            description = "The client receives {\"type\":\"direct\",\"from\":\"server\",\"payload\":…} (or the sender the body names).")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = MessageRequest.class)))
    @APIResponse(responseCode = "204", description = "Sent")
    @APIResponse(responseCode = "404", description = "No such client connected (problem details)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Void> send(@Parameter(description = "The client's id") @PathParam("id") String id, byte[] body) {
        long client = Params.client(id);
        MessageBody message = MessageBody.parse(body, config.maxFrameSize());
        return online(client)
                .chain(() -> backplane.publish(Target.client(client), Frames.direct(message.from(), message.payload())))
                .onFailure().transform(ApiProblem::unavailable);
    }

    @DELETE
    @Operation(summary = "Disconnect a client", description = "Closes the client's connection with code 4500 "
            + "(\"do not reconnect on your own\") and the reason given, on whichever node holds it.")
    @APIResponse(responseCode = "204", description = "Disconnected")
    @APIResponse(responseCode = "404", description = "No such client connected (problem details)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Void> disconnect(@Parameter(description = "The client's id") @PathParam("id") String id,
            @Parameter(description = "The close reason the client sees, at most " + CloseCode.MAX_REASON_BYTES
                    + " bytes of UTF-8 (default \"disconnected by the server\")") @QueryParam("reason") String reason) {
        long client = Params.client(id);
        String why = reason == null || reason.isEmpty() ? CloseCode.KICKED.reason() : reason;
        if (why.getBytes(StandardCharsets.UTF_8).length > CloseCode.MAX_REASON_BYTES) {
            throw new ApiProblem(ProblemType.BAD_REQUEST, "a close reason has at most " + CloseCode.MAX_REASON_BYTES
                    + " bytes of UTF-8 (RFC 6455)");
        }
        return online(client).chain(() -> backplane.kick(client, why)).onFailure().transform(ApiProblem::unavailable);
    }

    /** Fails with a 404 problem unless {@code client} is connected to some node. */
    private Uni<Void> online(long client) {
        return backplane.isMember(Hub.LOBBY, client).map(online -> {
            if (!online) {
                throw new ApiProblem(ProblemType.NO_SUCH_CLIENT, "no client " + client + " is connected");
            }
            return null;
        });
    }
}
