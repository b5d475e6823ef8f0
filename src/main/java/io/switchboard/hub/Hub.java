package io.switchboard.hub;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.Backplane;
import io.switchboard.backplane.BackplaneListener;
import io.switchboard.backplane.Publication;
import io.switchboard.backplane.RoomView;
import io.switchboard.backplane.StateLimitException;
import io.switchboard.backplane.Target;
import io.switchboard.config.SecurityConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Frames;
import io.switchboard.protocol.Position;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;
import io.switchboard.protocol.RequestParser;
import io.switchboard.protocol.RoomNames;
import io.switchboard.protocol.RoomPattern;

/**
 * The hub: clients, rooms, presence, history, state and delivery. Transports hand it sessions and
 * raw frames; it answers through {@link Session}. Every delivery goes through the
 * {@link Backplane}, which calls back into {@link #deliver} on every node.
 *
 * <p>Threading: a client's requests, its memberships and everything written to it run on its
 * session's lane. Work that finishes elsewhere (a backplane reply) hops back to the lane.
 */
@Singleton
public class Hub implements BackplaneListener {
    /** The room every client is in from its first frame to its last. */
    public static final String LOBBY = "lobby";
    /** Prefix of the internal rooms raw relay sockets share; '/' never occurs in a room name. */
    private static final String RAW_PREFIX = "raw/";
    /** Longest state key, in characters. */
    static final int MAX_KEY_LENGTH = 128;
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();
    private static final RoomView NO_STREAM = new RoomView(null, List.of(), false, null);

    private static final Logger LOG = Logger.getLogger(Hub.class);
    /** Lines about one client, with its ids in the MDC. */
    private static final ConnectionLog CONNECTION_LOG = ConnectionLog.of(Hub.class);

    private final RequestParser parser = new RequestParser();
    private final Traffic traffic = new Traffic();
    private final RoomRegistry rooms = new RoomRegistry(traffic);
    private final ConcurrentHashMap<Long, Client> clients = new ConcurrentHashMap<>();
    private final Set<String> feedRooms = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Frame> latestFeedItems = new ConcurrentHashMap<>();

    @Inject
    Backplane backplane;

    @Inject
    SwitchboardConfig config;

    @Inject
    SecurityConfig security;

    @Inject
    RoomPolicy policy;

    @Inject
    Authenticator authenticator;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    /** Whether any client ever had a user: until then presence replies skip the user lookup. */
    private volatile boolean anyUsers;
    private List<RoomPattern> historyExcluded;
    private int historySize;
    private int maxValueSize;
    private int maxRooms;
    private int maxHistory;
    private Map<String, Integer> maxPayload;
    /** Raw relay sockets, so that a shutdown can close them too. */
    private final Set<Client> rawClients = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        historyExcluded = RoomPattern.list(config.history().exclude().orElse(List.of()));
        historySize = config.history().size();
        maxValueSize = config.state().maxValueSize();
        maxRooms = security.limits().maxRooms();
        maxHistory = security.limits().maxHistory();
        maxPayload = Map.copyOf(security.limits().maxPayload());
        rooms.policy(policy);
        backplane.start(this);
        // The backplane hears a room while it has local members (raw relay and feed rooms too).
        rooms.activity(new RoomActivity() {
            @Override
            public void active(String room) {
                backplane.hearing(room, true);
            }

            @Override
            public void idle(String room) {
                backplane.hearing(room, false);
            }
        });
    }

    /** Registers a listener told when rooms gain their first or lose their last local member. */
    public void roomActivity(RoomActivity activity) {
        rooms.activity(activity);
    }

    /** Marks {@code room} as a feed room: members receive, nobody publishes, nothing is kept. */
    public void registerFeedRoom(String room) {
        feedRooms.add(room);
    }

    /** Forgets the latest item of a feed that stopped, so no stale item greets the next member. */
    public void feedStopped(String room) {
        latestFeedItems.remove(room);
    }

    /** Local member count of a room (raw rooms excluded). */
    public int localMembers(String room) {
        return rooms.size(room);
    }

    /** What this node's hub has counted: connections, frames in and out, joins, drops. */
    public Traffic traffic() {
        return traffic;
    }

    /** Rooms with members on this node (raw relay rooms excluded). */
    public int localRooms() {
        int n = 0;
        for (String room : rooms.names()) {
            if (!room.startsWith(RAW_PREFIX)) {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code room} is a feed room: members receive, nobody publishes, nothing is kept. */
    public boolean isFeedRoom(String room) {
        return feedRooms.contains(room);
    }

    /** Whether messages published to {@code room} get an offset and are kept. */
    public boolean keepsHistory(String room) {
        return historySize > 0 && !feedRooms.contains(room) && !RoomPattern.any(historyExcluded, room);
    }

    // ---- hub clients ---------------------------------------------------------------------------

    /** {@link #connect(Session, boolean)} for a client that hears lobby notices. */
    public Uni<Client> connect(Session session) {
        return connect(session, true);
    }

    /**
     * Registers a new hub connection: gives it an id, puts it in the lobby and tells the others
     * that hear lobby notices. Nothing is sent to the new client itself. The client is registered
     * on its lane; the returned {@link Uni} completes there.
     *
     * @param lobbyNotices whether the client hears {@code client:connected} /
     *        {@code client:disconnected} (clients of the plain chat protocol do; clients that use
     *        room presence instead need not, which keeps a crowd connecting O(N))
     */
    public Uni<Client> connect(Session session, boolean lobbyNotices) {
        return connect(session, lobbyNotices, Principal.ANONYMOUS);
    }

    /**
     * {@link #connect(Session, boolean)} for a connection that authenticated (with a token that
     * came with it, or an {@code auth} frame before anything else): presence shows its user, room
     * rights follow its token and the {@link Authenticator} watches its expiry.
     */
    public Uni<Client> connect(Session session, boolean lobbyNotices, Principal principal) {
        return backplane.nextClientId().chain(id -> onLane(session.lane(), () -> register(session, lobbyNotices, principal, id)));
    }

    /**
     * Registers a connection that resumes a client that went away, under that client's {@code id}
     * (a recovered Socket.IO session keeps its socket id); otherwise as {@link #connect}. The
     * caller restores its rooms. A client with that id still connected to this node (whose
     * connection has not noticed yet that its peer is gone) is disconnected first and its
     * connection closed with {@link CloseCode#REPLACED}.
     */
    public Uni<Client> reconnect(Session session, boolean lobbyNotices, Principal principal, long id) {
        Client old = clients.get(id);
        Uni<Boolean> free = old == null ? Uni.createFrom().item(true) : onLane(old.session().lane(), () -> {
            old.session().close(CloseCode.REPLACED);
            return leaveAll(old);
        });
        return free.chain(() -> onLane(session.lane(), () -> register(session, lobbyNotices, principal, id)));
    }

    private Client register(Session session, boolean lobbyNotices, Principal principal, long id) {
        Client client = new Client(id, session, lobbyNotices);
        if (clients.putIfAbsent(id, client) != null) {
            throw new IllegalStateException("client " + id + " is connected");
        }
        authenticated(client, principal);
        traffic.onConnected(session.transport());
        client.add(rooms.add(LOBBY, client, lobbyNotices));
        backplane.join(LOBBY, id);
        backplane.publish(Target.room(LOBBY).except(id).notices(), Frames.clientConnected(id));
        CONNECTION_LOG.debugf(client, "client %d connected", id);
        return client;
    }

    /** Removes a closed hub connection from every room and tells the others. */
    public void disconnect(Client client) {
        onLane(client.session().lane(), () -> {
            leaveAll(client);
        });
    }

    /** {@link #disconnect} on the client's lane; false when it was disconnected already. */
    private boolean leaveAll(Client client) {
        long id = client.id();
        if (!clients.remove(id, client)) {
            return false;
        }
        client.markGone();
        authenticator.forget(client);
        traffic.onDisconnected(client.session().transport());
        for (Member m : client.memberships()) {
            depart(client, m);
        }
        if (client.user() != null) {
            backplane.identify(id, null);
        }
        backplane.publish(Target.room(LOBBY).except(id).notices(), Frames.clientDisconnected(id));
        CONNECTION_LOG.debugf(client, "client %d disconnected", id);
        return true;
    }

    /**
     * Whether every kept message of {@code room} after {@code since} is still held, so a client
     * resuming from there would miss nothing.
     */
    public Uni<Boolean> holdsEverythingAfter(String room, Position since) {
        if (!keepsHistory(room)) {
            return Uni.createFrom().item(false);
        }
        return backplane.view(room, true, since, 0).map(RoomView::recovered);
    }

    /**
     * Handles one text frame from {@code client}, on its lane. Never throws: a bad request becomes
     * an {@code error} frame for that client alone.
     */
    public void handle(Client client, byte[] text) {
        traffic.onReceived();
        if (client.joining()) {
            // A join is reading the room's stream: keep later requests for after its reply.
            if (!client.defer(text)) {
                client.session().send(Frames.error(null, ErrorCode.UNAVAILABLE,
                        "too many requests while a join is in progress"));
            }
            return;
        }
        handleNow(client, text);
    }

    private void handleNow(Client client, byte[] text) {
        Request request = null;
        try {
            request = parser.parse(text);
            dispatch(client, request);
        } catch (ProtocolException e) {
            client.session().send(e.frame());
        } catch (RuntimeException e) {
            CONNECTION_LOG.errorf(client, e, "request from client %d failed", client.id());
            String id = request == null ? null : request.id();
            client.session().send(Frames.error(id, ErrorCode.UNAVAILABLE, "the request could not be handled"));
        }
    }

    private void dispatch(Client client, Request r) throws ProtocolException {
        authorize(client, r);
        switch (r.type()) {
            case "hello" -> client.session().send(Frames.welcome(r.id(), client.id(), client.user(), client.rooms(), version));
            case "auth" -> reauthenticate(client, r);
            case "join" -> join(client, r);
            case "leave" -> leave(client, r);
            case "publish" -> publish(client, r);
            case "broadcast" -> broadcast(client, r);
            case "direct" -> direct(client, r);
            case "presence" -> presence(client, r);
            case "set" -> setState(client, r, true);
            case "unset" -> setState(client, r, false);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, r.id(), "unknown type \"" + r.type() + "\"");
        }
    }

    // ---- authentication and room rights ----------------------------------------------------------

    /** Gives {@code client} its (new) principal: recorded for presence, watched for expiry. On the lane. */
    private void authenticated(Client client, Principal principal) {
        String user = principal.user();
        boolean newUser = user != null && !user.equals(client.user());
        client.principal(principal);
        if (user != null) {
            anyUsers = true;
            if (newUser) {
                backplane.identify(client.id(), user);
            }
        }
        authenticator.watch(client);
    }

    /**
     * {@code auth} on a connected client: a fresh token replaces the old one without reconnecting
     * (before it expires), or an anonymous client of {@code optional} mode authenticates. The user
     * may not change.
     */
    private void reauthenticate(Client client, Request r) throws ProtocolException {
        if (!authenticator.enabled()) {
            client.session().send(Frames.authenticated(r.id(), client.id(), null, 0));
            return;
        }
        if (r.token() == null || r.token().isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, r.id(), "\"token\" is required");
        }
        authenticator.authenticate(r.token()).subscribe().with(principal -> onLane(client.session().lane(), () -> {
            if (client.gone()) {
                return;
            }
            String before = client.user();
            if (before != null && !before.equals(principal.user())) {
                client.session().write(Frames.error(r.id(), ErrorCode.UNAUTHORIZED,
                        "the token is for another user; reconnect to change users"));
                return;
            }
            authenticated(client, principal);
            client.session().write(Frames.authenticated(r.id(), client.id(), principal.user(), principal.expiresAt()));
        }), failure -> client.session().send(Frames.error(r.id(), ErrorCode.UNAUTHORIZED, failure.getMessage())));
    }

    /**
     * The one place where requests meet the {@link RoomPolicy} and the per-request limits, before
     * anything is done. Publishing and state changes by non-members are left to the handlers, which
     * answer {@code not_member}.
     */
    private void authorize(Client client, Request r) throws ProtocolException {
        switch (r.type()) {
            case "join" -> {
                String room = room(r);
                if (LOBBY.equals(room)) {
                    return;
                }
                boolean member = client.inRoom(room);
                require(client, r, Right.JOIN, room, member);
                Integer history = r.history();
                if (maxHistory > 0 && history != null && history > maxHistory) {
                    throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, r.id(), "a join may ask for at most "
                            + maxHistory + " messages of history (switchboard.limits.max-history)");
                }
                if (r.since() != null || (history != null && history > 0)) {
                    // The joiner is about to be a member: "members" here means whoever may join.
                    require(client, r, Right.HISTORY, room, true);
                }
            }
            case "publish", "broadcast", "set", "unset" -> {
                if (r.room() == null && "broadcast".equals(r.type())) {
                    return;
                }
                String room = room(r);
                if (client.inRoom(room)) {
                    require(client, r, r.type().endsWith("set") ? Right.STATE : Right.PUBLISH, room, true);
                }
            }
            case "presence" -> {
                String room = room(r);
                require(client, r, Right.PRESENCE, room, client.inRoom(room));
            }
            default -> {
                // hello, leave, direct and auth need no room right.
            }
        }
    }

    private void require(Client client, Request r, Right right, String room, boolean member) throws ProtocolException {
        if (!policy.allows(client.principal(), right, room, member)) {
            throw ProtocolException.forbidden(r.id(), room, right.wire());
        }
    }

    // ---- joining ---------------------------------------------------------------------------------

    /**
     * Joins (or re-joins, to resume) a room. The membership starts at once and holds back the
     * room's frames while the stream is read; then the client gets {@code joined}, the replay, and
     * the held-back frames it does not have yet, so nothing published meanwhile is lost or doubled.
     */
    private void join(Client client, Request r) throws ProtocolException {
        String room = room(r);
        Member existing = client.membership(room);
        boolean added = existing == null;
        if (added && maxRooms > 0 && client.roomCount() > maxRooms && !LOBBY.equals(room)) {
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, r.id(),
                    "a connection may be in at most " + maxRooms + " rooms (switchboard.limits.max-rooms)");
        }
        // A member without the presence right joins as with "events":false: no member list, no notices.
        boolean events = r.wantsEvents() && policy.allows(client.principal(), Right.PRESENCE, room, true);
        Member m;
        if (added) {
            m = rooms.add(room, client, events);
            client.add(m);
        } else {
            m = existing;
            if (!LOBBY.equals(room)) {
                m.group.watch(m, events);
            }
        }
        m.hold();
        client.joining(true);
        if (added) {
            traffic.onJoined();
        }
        long start = System.nanoTime();
        boolean feed = feedRooms.contains(room);
        int last = r.history() == null ? 0 : Math.min(r.history(), historySize);
        Uni<Void> present = added ? backplane.join(room, client.id()) : DONE;
        present.chain(() -> feed ? Uni.createFrom().item(NO_STREAM) : backplane.view(room, keepsHistory(room), r.since(), last))
                .chain(view -> events
                        ? backplane.members(room).chain(members -> withUsers(members)
                                .map(users -> new Joining(view, ids(members), users)))
                        : Uni.createFrom().item(new Joining(view, null, null)))
                // Always through the lane's queue, even when the view is ready at once: replies
                // already queued for earlier requests (a welcome, an ack) go out first.
                .subscribe().with(
                        joining -> {
                            traffic.onRoundTrip(Traffic.Operation.JOIN, start);
                            client.session().lane().execute(() -> {
                                joined(client, m, r, joining, added);
                                resume(client);
                            });
                        },
                        failure -> client.session().lane().execute(() -> {
                            m.release(0, null);
                            unavailable(client, r, failure);
                            resume(client);
                        }));
    }

    private record Joining(RoomView view, long[] clients, Map<Long, String> users) {
    }

    /** The users of {@code members}, asked of the backplane only when someone has one. */
    private Uni<Map<Long, String>> withUsers(List<Long> members) {
        return anyUsers ? backplane.users(members) : Uni.createFrom().item(Map.of());
    }

    /** After a join: handles the requests that waited for it, until one of them is a join again. */
    private void resume(Client client) {
        client.joining(false);
        byte[] next;
        while (!client.joining() && !client.gone() && (next = client.nextDeferred()) != null) {
            handleNow(client, next);
        }
    }

    /** Finishes a join on the client's lane, unless the client left or went away meanwhile. */
    private void joined(Client client, Member m, Request r, Joining joining, boolean added) {
        String room = m.room.name;
        if (client.gone() || client.membership(room) != m) {
            return;
        }
        RoomView view = joining.view();
        Session session = client.session();
        Boolean recovered = r.since() == null ? null : view.recovered();
        session.write(Frames.joined(r.id(), room, joining.clients(), joining.users(), view.latest(), recovered, view.state()));
        for (Frame frame : view.replay()) {
            session.write(frame);
        }
        Frame latestItem = latestFeedItems.get(room);
        if (latestItem != null) {
            session.write(latestItem);
        }
        Position latest = view.latest();
        m.release(latest == null ? 0 : latest.offset(), latest == null ? null : latest.epoch(), latestItem);
        if (added && !feedRooms.contains(room)) {
            backplane.publish(Target.room(room).except(client.id()).notices(), Frames.roomJoined(room, client.id(), client.user()));
        }
    }

    private void leave(Client client, Request r) throws ProtocolException {
        String room = room(r);
        if (LOBBY.equals(room)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, r.id(), "the lobby cannot be left");
        }
        Member m = client.membership(room);
        if (m == null) {
            throw notMember(r, room);
        }
        depart(client, m);
        client.session().send(Frames.left(r.id(), room));
    }

    /**
     * Ends a membership here and in presence, and tells the other members that watch; the lobby
     * has no such notice.
     */
    private void depart(Client client, Member m) {
        String room = m.room.name;
        long id = client.id();
        client.remove(m);
        rooms.remove(m);
        backplane.leave(room, id);
        // Feed rooms are broadcast channels: who else listens is noise, not news.
        if (!LOBBY.equals(room) && !feedRooms.contains(room)) {
            backplane.publish(Target.room(room).except(id).notices(), Frames.roomLeft(room, id));
        }
    }

    // ---- publishing ------------------------------------------------------------------------------

    private void publish(Client client, Request r) throws ProtocolException {
        String room = room(r);
        writable(client, r, room);
        byte[] payload = payload(r);
        if (r.volatileFlag()) {
            ack(client, r, backplane.publish(Target.room(room), Frames.volatileMessage(room, client.id(), payload)));
            return;
        }
        publish(room, Long.toString(client.id()), payload).subscribe().with(position -> {
            if (r.id() != null) {
                client.session().send(position == null ? Frames.ack(r.id()) : Frames.ack(r.id(), position));
            }
        }, failure -> unavailable(client, r, failure));
    }

    /**
     * Publishes a room message the way a member's {@code publish} does: kept with the next offset
     * when the room keeps history, delivered to every member.
     *
     * @param from the sender as raw JSON (a client id, or {@link Frames#SERVER})
     * @return where it landed, or null for a room without history
     */
    public Uni<Position> publish(String room, String from, byte[] payload) {
        if (keepsHistory(room)) {
            long start = System.nanoTime();
            return backplane.publish(new Publication(room, from, payload))
                    .invoke(() -> traffic.onRoundTrip(Traffic.Operation.PUBLISH, start));
        }
        return backplane.publish(Target.room(room), Frames.message(room, from, 0, null, payload)).map(ok -> (Position) null);
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
        backplane.members(room).chain(members -> withUsers(members)
                .map(users -> Frames.presence(r.id(), room, ids(members), users))).subscribe().with(
                        frame -> client.session().send(frame),
                        failure -> unavailable(client, r, failure));
    }

    // ---- state -----------------------------------------------------------------------------------

    private void setState(Client client, Request r, boolean set) throws ProtocolException {
        String room = room(r);
        writable(client, r, room);
        String key = r.key();
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, r.id(),
                    "\"key\" is required: a string of 1-" + MAX_KEY_LENGTH + " characters");
        }
        byte[] value = null;
        if (set) {
            value = r.value();
            if (value == null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, r.id(), "\"value\" is required");
            }
            if (value.length > maxValueSize) {
                throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, r.id(),
                        "a state value may have at most " + maxValueSize + " bytes (switchboard.state.max-value-size)");
            }
            if (isNull(value)) {
                value = null;
            }
        }
        backplane.setState(room, key, value).subscribe().with(ok -> {
            if (r.id() != null) {
                client.session().send(Frames.ack(r.id()));
            }
        }, failure -> {
            if (failure instanceof StateLimitException) {
                client.session().send(Frames.error(r.id(), ErrorCode.LIMIT_EXCEEDED,
                        failure.getMessage() + " (switchboard.state.max-keys)"));
            } else {
                unavailable(client, r, failure);
            }
        });
    }

    private static boolean isNull(byte[] json) {
        return json.length == 4 && json[0] == 'n' && json[1] == 'u' && json[2] == 'l' && json[3] == 'l';
    }

    // ---- request checks --------------------------------------------------------------------------

    /** Feed rooms are refused before membership is looked at, so the error says why. */
    private void writable(Client client, Request r, String room) throws ProtocolException {
        if (feedRooms.contains(room)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, r.id(), "\"" + room + "\" is a feed room: nobody publishes into it");
        }
        if (!client.inRoom(room)) {
            throw notMember(r, room);
        }
    }

    private static ProtocolException notMember(Request r, String room) {
        return new ProtocolException(ErrorCode.NOT_MEMBER, r.id(), "not a member of \"" + room + "\"");
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

    private byte[] payload(Request r) throws ProtocolException {
        if (r.payload() == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, r.id(), "\"payload\" is required");
        }
        Integer max = maxPayload.get(r.type());
        if (max != null && r.payload().length > max) {
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, r.id(), "a " + r.type() + " payload may have at most "
                    + max + " bytes (switchboard.limits.max-payload." + r.type() + ")");
        }
        return r.payload();
    }

    private void ack(Client client, Request r, Uni<Void> done) {
        if (r.id() != null) {
            done.subscribe().with(ok -> client.session().send(Frames.ack(r.id())), failure -> unavailable(client, r, failure));
        }
    }

    private static void unavailable(Client client, Request r, Throwable failure) {
        CONNECTION_LOG.warnf(client, failure, "%s from client %d failed", r.type(), client.id());
        client.session().send(Frames.error(r.id(), ErrorCode.UNAVAILABLE, r.type() + " could not be completed"));
    }

    private static long[] ids(List<Long> members) {
        long[] ids = new long[members.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = members.get(i);
        }
        return ids;
    }

    /**
     * Runs {@code work} on {@code lane}: at once when already there, else queued. The returned
     * {@link Uni} completes with its result on the lane.
     */
    private static <T> Uni<T> onLane(Lane lane, Supplier<T> work) {
        if (lane.inLane()) {
            return Uni.createFrom().item(work);
        }
        return Uni.createFrom().emitter(e -> lane.execute(() -> {
            try {
                e.complete(work.get());
            } catch (RuntimeException failure) {
                e.fail(failure);
            }
        }));
    }

    /** Runs {@code work} on {@code lane}, at once when already there. */
    private static void onLane(Lane lane, Runnable work) {
        if (lane.inLane()) {
            work.run();
        } else {
            lane.execute(work);
        }
    }

    // ---- raw relay -------------------------------------------------------------------------------

    /** Adds a raw relay socket to {@code room}, on its lane. Raw sockets have no id and cause no notices. */
    public Client openRaw(String room, Session session) {
        Client client = new Client(Client.ANONYMOUS, session, false);
        client.add(rooms.add(RAW_PREFIX + room, client, false));
        rawClients.add(client);
        traffic.onConnected(session.transport());
        return client;
    }

    /** Relays {@code frame} unchanged to every raw socket of {@code room}, the sender's included. */
    public void relayRaw(String room, Frame frame) {
        traffic.onReceived();
        backplane.publish(Target.room(RAW_PREFIX + room), frame);
    }

    /** Removes a closed raw socket, on its lane. */
    public void closeRaw(Client client) {
        rawClients.remove(client);
        traffic.onDisconnected(client.session().transport());
        for (Member m : client.memberships()) {
            client.remove(m);
            rooms.remove(m);
        }
    }

    // ---- shutdown --------------------------------------------------------------------------------

    /**
     * Closes every hub and raw connection of this node with {@code code}, each after the frames
     * already queued for it.
     */
    public void closeAll(CloseCode code) {
        for (Client client : clients.values()) {
            onLane(client.session().lane(), () -> client.session().close(code));
        }
        for (Client client : rawClients) {
            onLane(client.session().lane(), () -> client.session().close(code));
        }
    }

    /** Hub and raw connections this node holds open. */
    public int connections() {
        return clients.size() + rawClients.size();
    }

    // ---- feeds -----------------------------------------------------------------------------------

    /** Pushes a feed item to every member of {@code room}. */
    public void pushFeed(String room, String type, byte[] payload) {
        backplane.publish(Target.room(room), Frames.feed(type, room, payload));
    }

    // ---- delivery ------------------------------------------------------------------------------

    @Override
    public void kick(long id, String reason) {
        Client client = clients.get(id);
        if (client != null) {
            CONNECTION_LOG.debugf(client, "client %d kicked: %s", id, reason);
            client.session().close(CloseCode.KICKED, reason);
        }
    }

    @Override
    public void deliver(Target target, Frame frame) {
        switch (target.kind()) {
            case ROOM -> {
                String room = target.room();
                if (!target.noticesOnly() && feedRooms.contains(room) && rooms.size(room) > 0) {
                    latestFeedItems.put(room, frame);
                }
                rooms.deliver(room, frame, target);
            }
            case ALL -> rooms.deliver(LOBBY, frame, target);
            case CLIENT -> {
                Client client = clients.get(target.client());
                if (client != null) {
                    traffic.onDelivered(1);
                    client.session().send(frame);
                }
            }
        }
    }
}
