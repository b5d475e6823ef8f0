package io.switchboard.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import io.switchboard.backplane.RoomView;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Position;

/** {@code /api/rooms}: rooms over every node, publishing into them, their history. */
@Path("/api/rooms")
@Tag(name = "rooms")
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {
    /** Rooms per page unless {@code limit} says otherwise, and the most a page may hold. */
    static final int PAGE = 100;
    static final int MAX_PAGE = 1000;

    @Inject
    Hub hub;

    @Inject
    Backplane backplane;

    @Inject
    SwitchboardConfig config;

    @GET
    @Operation(summary = "List rooms", description = "Rooms that have members on any node, in name order, with their "
            + "member counts, one page at a time: pass the page's \"next\" as ?after= for the next one.")
    public Uni<RoomPage> list(
            @Parameter(description = "Start after this room name (the previous page's \"next\")") @QueryParam("after") String after,
            @Parameter(description = "Rooms per page, 1-" + MAX_PAGE + " (default " + PAGE + ")") @QueryParam("limit") String limit) {
        String from = after == null || after.isEmpty() ? null : Params.room(after);
        int count = Params.count("limit", limit, PAGE, MAX_PAGE);
        return backplane.rooms(from, count)
                .chain(names -> names.isEmpty() ? Uni.createFrom().item(List.<RoomPage.Entry>of())
                        : Uni.join().all(entries(names)).andFailFast())
                .map(entries -> new RoomPage(entries, entries.size() < count ? null : entries.get(entries.size() - 1).room()))
                .onFailure().transform(ApiProblem::unavailable);
    }

    private List<Uni<RoomPage.Entry>> entries(List<String> names) {
        List<Uni<RoomPage.Entry>> entries = new ArrayList<>(names.size());
        for (String name : names) {
            entries.add(backplane.members(name).map(members -> new RoomPage.Entry(name, members.size())));
        }
        return entries;
    }

    @GET
    @Path("/{room}")
    @Operation(summary = "Show a room", description = "Members (over every node), whether it keeps history, its "
            + "latest offset and epoch, and its shared state. Rooms exist implicitly: a room nobody is in has no members.")
    public Uni<RoomDetails> show(@PathParam("room") String room) {
        String name = Params.room(room);
        boolean feed = hub.isFeedRoom(name);
        boolean history = hub.keepsHistory(name);
        return backplane.members(name)
                .chain(members -> feed ? Uni.createFrom().item(new RoomDetails(name, members.size(), members, true, false, null, null, null))
                        : backplane.view(name, history, null, 0).map(view -> details(name, members, history, view)))
                .onFailure().transform(ApiProblem::unavailable);
    }

    private static RoomDetails details(String name, List<Long> members, boolean history, RoomView view) {
        Position latest = view.latest();
        return new RoomDetails(name, members.size(), members, false, history, latest == null ? null : latest.offset(),
                latest == null ? null : latest.epoch(), new String(view.state(), StandardCharsets.UTF_8));
    }

    @POST
    @Path("/{room}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish into a room", description = "Delivers {\"type\":\"message\",\"room\":…,\"from\":…,"
            + "\"payload\":…} to every member on every node, exactly as a member's publish does: kept with the next "
            + "offset when the room keeps history. \"from\" is \"server\" unless the body names the sender.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = MessageRequest.class)))
    @APIResponse(responseCode = "200", description = "Published; offset and epoch when the room keeps history")
    public Uni<Published> publish(@PathParam("room") String room, byte[] body) {
        String name = Params.room(room);
        MessageBody message = MessageBody.parse(body, config.maxFrameSize());
        if (hub.isFeedRoom(name)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "\"" + name + "\" is a feed room: nobody publishes into it");
        }
        return hub.publish(name, message.from(), message.payload())
                .map(position -> position == null ? new Published(name, null, null)
                        : new Published(name, position.offset(), position.epoch()))
                .onFailure().transform(ApiProblem::unavailable);
    }

    @GET
    @Path("/{room}/history")
    @Operation(summary = "Read a room's history", description = "Kept messages, oldest first, as clients received "
            + "them. Without ?since= the latest ?limit= messages; with it, up to ?limit= messages after that offset "
            + "(pass the last offset you got to read on). ?epoch= makes sure the offset belongs to the room's "
            + "current history (409 if not).")
    @APIResponse(responseCode = "200", description = "The messages; \"history\": false for a room that keeps none")
    public Uni<HistoryPage> history(@PathParam("room") String room,
            @Parameter(description = "Return messages after this offset") @QueryParam("since") String since,
            @Parameter(description = "The epoch the offset belongs to") @QueryParam("epoch") String epoch,
            @Parameter(description = "How many messages, 1-" + MAX_PAGE + " (default: all that are kept)") @QueryParam("limit") String limit) {
        String name = Params.room(room);
        Long after = Params.offset("since", since);
        int kept = config.history().size();
        int count = Params.count("limit", limit, Math.max(1, Math.min(kept, MAX_PAGE)), MAX_PAGE);
        if (!hub.keepsHistory(name)) {
            return Uni.createFrom().item(new HistoryPage(name, false, null, null, null, "[]"));
        }
        return backplane.view(name, true, null, kept)
                .map(view -> page(name, view, after, epoch, count))
                .onFailure().transform(ApiProblem::unavailable);
    }

    private static HistoryPage page(String room, RoomView view, Long after, String epoch, int count) {
        Position latest = view.latest();
        if (epoch != null && !epoch.equals(latest.epoch())) {
            throw new ApiProblem(ProblemType.UNRECOVERABLE_POSITION, "epoch \"" + epoch + "\" is not the room's current "
                    + "epoch \"" + latest.epoch() + "\": its history was lost since; start again without ?since=");
        }
        List<Frame> kept = view.replay();
        List<Frame> out;
        Boolean recovered = null;
        if (after == null) {
            out = kept.subList(Math.max(0, kept.size() - count), kept.size());
        } else {
            if (after > latest.offset()) {
                throw new ApiProblem(ProblemType.UNRECOVERABLE_POSITION, "offset " + after + " is ahead of the room's "
                        + "latest offset " + latest.offset());
            }
            long oldest = kept.isEmpty() ? latest.offset() + 1 : kept.get(0).offset();
            recovered = after >= oldest - 1;
            int start = 0;
            while (start < kept.size() && kept.get(start).offset() <= after) {
                start++;
            }
            out = kept.subList(start, Math.min(kept.size(), start + count));
        }
        return new HistoryPage(room, true, latest.offset(), latest.epoch(), recovered, json(out));
    }

    private static String json(List<Frame> frames) {
        StringBuilder sb = new StringBuilder("[");
        for (Frame frame : frames) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(frame.asText());
        }
        return sb.append(']').toString();
    }
}
