package io.switchboard.hub;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.Backplane;
import io.switchboard.backplane.BackplaneListener;
import io.switchboard.backplane.Target;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Frames;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;
import io.switchboard.protocol.RequestParser;
import io.switchboard.protocol.RoomNames;

/**
 * The hub: clients, rooms, presence and delivery. Transports hand it sessions and raw frames; it
 * answers through {@link Session}. Every delivery goes through the {@link Backplane}, which calls
 * back into {@link #deliver} on every node.
 */
@Singleton
public class Hub implements BackplaneListener {
    /** The room every client is in from its first frame to its last. */
    public static final String LOBBY = "lobby";
    /** Prefix of the internal rooms raw relay sockets share; '/' never occurs in a room name. */
    private static final String RAW_PREFIX = "raw/";

    private static final Logger LOG = Logger.getLogger(Hub.class);

    private final RequestParser parser = new RequestParser();
    private final RoomRegistry rooms = new RoomRegistry();
    private final ConcurrentHashMap<Long, Client> clients = new ConcurrentHashMap<>();
    private final Set<String> feedRooms = ConcurrentHashMap.newKeySet();

    @Inject
    Backplane backplane;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    @PostConstruct
    void start() {
        backplane.start(this);
    }

    /** Registers the one listener told when rooms gain their first or lose their last local member. */
    public void roomActivity(RoomActivity activity) {
        rooms.activity(activity);
    }

    /** Marks {@code room} as a feed room: members receive, nobody publishes. */
    public void registerFeedRoom(String room) {
        feedRooms.add(room);
    }

    /** Local member count of a room (raw rooms excluded). */
    public int localMembers(String room) {
        return rooms.size(room);
    }

    // ---- hub clients ---------------------------------------------------------------------------

    /**
     * Registers a new hub connection: gives it an id, puts it in the lobby and tells the others.
     * Nothing is sent to the new client itself.
     */
    public Uni<Client> connect(Session session) {
        return backplane.nextClientId().map(id -> {
            Client client = new Client(id, session);
            clients.put(id, client);
            client.addRoom(LOBBY);
            enter(client, LOBBY);
            backplane.publish(Target.room(LOBBY).except(id), Frames.clientConnected(id));
            LOG.debugf("client %d connected", id);
            return client;
        });
    }

    /** Removes a closed hub connection from every room and tells the others. */
    public void disconnect(Client client) {
        long id = client.id();
        if (clients.remove(id) == null) {
            return;
        }
        for (String room : client.rooms()) {
            client.removeRoom(room);
            depart(client, room);
        }
        backplane.publish(Target.room(LOBBY).except(id), Frames.clientDisconnected(id));
        LOG.debugf("client %d disconnected", id);
    }

    /**
     * Handles one text frame from {@code client}. Never throws: a bad request becomes an
     * {@code error} frame for that client alone.
     */
    public void handle(Client client, byte[] text) {
        Request request = null;
        try {
            request = parser.parse(text);
            dispatch(client, request);
        } catch (ProtocolException e) {
            client.session().send(Frames.error(e.id(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "request from client %d failed", client.id());
            String id = request == null ? null : request.id();
            client.session().send(Frames.error(id, ErrorCode.UNAVAILABLE, "the request could not be handled"));
        }
    }

    private void dispatch(Client client, Request r) throws ProtocolException {
        switch (r.type()) {
            case "hello" -> client.session().send(Frames.welcome(r.id(), client.id(), client.rooms(), version));
            case "join" -> join(client, r);
            case "leave" -> leave(client, r);
            case "publish" -> publish(client, r);
            case "broadcast" -> broadcast(client, r);
            case "direct" -> direct(client, r);
            case "presence" -> presence(client, r);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, r.id(), "unknown type \"" + r.type() + "\"");
        }
    }

    private void join(Client client, Request r) throws ProtocolException {
        String room = room(r);
        long id = client.id();
        boolean added = client.addRoom(room);
        Uni<Void> joined = added ? enter(client, room) : Uni.createFrom().voidItem();
        joined.chain(() -> backplane.members(room)).subscribe().with(members -> {
            client.session().send(Frames.joined(r.id(), room, ids(members)));
            if (added) {
                backplane.publish(Target.room(room).except(id), Frames.roomJoined(room, id));
            }
        }, failure -> unavailable(client, r, failure));
    }

    private void leave(Client client, Request r) throws ProtocolException {
        String room = room(r);
        if (LOBBY.equals(room)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, r.id(), "the lobby cannot be left");
        }
        if (!client.removeRoom(room)) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, r.id(), "not a member of \"" + room + "\"");
        }
        depart(client, room);
        client.session().send(Frames.left(r.id(), room));
    }

    /** Adds {@code client} (already holding {@code room}) to the room here and to its presence. */
    private Uni<Void> enter(Client client, String room) {
        rooms.add(room, client);
        return backplane.join(room, client.id());
    }

    /**
     * Takes {@code client} (no longer holding {@code room}) out of the room here and out of its
     * presence, and tells the other members; the lobby has no such notice.
     */
    private void depart(Client client, String room) {
        long id = client.id();
        rooms.remove(room, client);
        backplane.leave(room, id);
        if (!LOBBY.equals(room)) {
            backplane.publish(Target.room(room).except(id), Frames.roomLeft(room, id));
        }
    }

    private void publish(Client client, Request r) throws ProtocolException {
        String room = room(r);
        writable(client, r, room);
        byte[] payload = payload(r);
        ack(client, r, backplane.publish(Target.room(room), Frames.message(room, client.id(), payload)));
    }

    private void broadcast(Client client, Request r) throws ProtocolException {
        String room = r.room() == null ? null : room(r);
        if (room != null) {
            writable(client, r, room);
        }
        byte[] payload = payload(r);
        Frame frame = Frames.broadcast(room, payload, client.id());
        ack(client, r, backplane.publish(Target.room(room == null ? LOBBY : room).except(client.id()), frame));
    }

    private void direct(Client client, Request r) throws ProtocolException {
        if (r.to() == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, r.id(), "\"to\" is required");
        }
        long to = r.to();
        byte[] payload = payload(r);
        backplane.isMember(LOBBY, to).subscribe().with(online -> {
            if (online) {
                ack(client, r, backplane.publish(Target.client(to), Frames.direct(client.id(), payload)));
            } else {
                client.session().send(Frames.error(r.id(), ErrorCode.NO_SUCH_CLIENT, "no client " + to));
            }
        }, failure -> unavailable(client, r, failure));
    }

    private void presence(Client client, Request r) throws ProtocolException {
        String room = room(r);
        backplane.members(room).subscribe().with(
                members -> client.session().send(Frames.presence(r.id(), room, ids(members))),
                failure -> unavailable(client, r, failure));
    }

    /** Feed rooms are refused before membership is looked at, so the error says why. */
    private void writable(Client client, Request r, String room) throws ProtocolException {
        if (feedRooms.contains(room)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, r.id(), "\"" + room + "\" is a feed room: nobody publishes into it");
        }
        if (!client.inRoom(room)) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, r.id(), "not a member of \"" + room + "\"");
        }
    }

    private static String room(Request r) throws ProtocolException {
        if (r.room() == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, r.id(), "\"room\" is required");
        }
        if (!RoomNames.isValid(r.room())) {
            throw new ProtocolException(ErrorCode.BAD_ROOM, r.id(),
                    "a room name is 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        return r.room();
    }

    private static byte[] payload(Request r) throws ProtocolException {
        if (r.payload() == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, r.id(), "\"payload\" is required");
        }
        return r.payload();
    }

    private void ack(Client client, Request r, Uni<Void> done) {
        if (r.id() != null) {
            done.subscribe().with(ok -> client.session().send(Frames.ack(r.id())), failure -> unavailable(client, r, failure));
        }
    }

    private static void unavailable(Client client, Request r, Throwable failure) {
        LOG.warnf(failure, "%s from client %d failed", r.type(), client.id());
        client.session().send(Frames.error(r.id(), ErrorCode.UNAVAILABLE, r.type() + " could not be completed"));
    }

    private static long[] ids(List<Long> members) {
        long[] ids = new long[members.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = members.get(i);
        }
        return ids;
    }

    // ---- raw relay -----------------------------------------------------------------------------

    /** Adds a raw relay socket to {@code room}. Raw sockets have no id and cause no notices. */
    public Client openRaw(String room, Session session) {
        Client client = new Client(Client.ANONYMOUS, session);
        rooms.add(RAW_PREFIX + room, client);
        return client;
    }

    /** Relays {@code frame} unchanged to every raw socket of {@code room}, the sender's included. */
    public void relayRaw(String room, Frame frame) {
        backplane.publish(Target.room(RAW_PREFIX + room), frame);
    }

    public void closeRaw(String room, Client client) {
        rooms.remove(RAW_PREFIX + room, client);
    }

    // ---- feeds ---------------------------------------------------------------------------------

    /**
     * Pushes a feed item to this node's members of {@code room}. Feeds run on every node for its
     * own members, so this does not cross the backplane.
     */
    public void pushFeed(String room, String type, byte[] payload) {
        rooms.deliver(room, Frames.feed(type, room, payload), Client.ANONYMOUS);
    }

    // ---- delivery ------------------------------------------------------------------------------

    @Override
    public void deliver(Target target, Frame frame) {
        switch (target.kind()) {
            case ROOM -> rooms.deliver(target.room(), frame, target.except());
            case ALL -> rooms.deliver(LOBBY, frame, target.except());
            case CLIENT -> {
                Client client = clients.get(target.client());
                if (client != null) {
                    client.session().send(frame);
                }
            }
        }
    }
}
