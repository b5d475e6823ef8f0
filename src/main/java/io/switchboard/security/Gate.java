package io.switchboard.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.switchboard.config.SecurityConfig.AuthMode;
import io.switchboard.hub.Client;
import io.switchboard.hub.Principal;
import io.switchboard.hub.Session;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Frames;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;
import io.switchboard.protocol.RequestParser;

/**
 * One connection's way in. A hub connection goes through these states:
 * <pre>
 * awaiting auth ──auth frame──▶ verifying ──valid──▶ connecting ──▶ open ──▶ closed
 *      ▲  (required mode,          │ invalid: unauthorized error        │
 *      │   no token at upgrade)    ▼                                    │
 *      └───────────────────────────┘    timeout: close 4501             │
 * open with the upgrade's token or anonymously (none / optional) ───────┘
 * </pre>
 * Before the connection is open nothing but {@code auth} is handled: other frames get
 * {@code unauthorized}; frames that follow an {@code auth} frame while it is checked wait (a few)
 * and are handled after it. Every inbound frame first passes the rate limits.
 *
 * <p>Confined to the connection's lane; work that finishes elsewhere hops back.
 */
public final class Gate {
    private static final Logger LOG = Logger.getLogger(Gate.class);
    /** Marks a raw relay socket whose frames are not relayed (no publish right). */
    static final String RECEIVE_ONLY = "";
    /** Frames that may wait behind an {@code auth} frame while it is checked. */
    private static final int MAX_EARLY = 32;
    private static final RequestParser PARSER = new RequestParser();

    private enum State { AWAITING_AUTH, VERIFYING, CONNECTING, OPEN, CLOSED }

    private final Gates gates;
    private final Session session;
    private final String ip;
    private final Principal verified;
    private final boolean lobbyNotices;
    /** For raw sockets: the room frames are relayed to, {@link #RECEIVE_ONLY}, or null for hub connections. */
    private final String rawRoom;
    private final FrameLimiter limiter;
    private State state = State.CONNECTING;
    private Client client;
    private List<byte[]> early;
    private long authTimer = -1;
    private boolean deadlinePassed;

    Gate(Gates gates, Session session, String ip, Principal verified, boolean lobbyNotices, String rawRoom) {
        this.gates = gates;
        this.session = session;
        this.ip = ip;
        this.verified = verified;
        this.lobbyNotices = lobbyNotices;
        this.rawRoom = rawRoom;
        this.limiter = FrameLimiter.of(gates.config.rateLimit(), gates.maxFrameSize);
        gates.limits.opened(ip);
    }

    /**
     * Brings a hub connection up: at once with the upgrade's principal (or anonymously), or, in
     * {@code required} mode without a token, after an {@code auth} frame (then this completes
     * with null and the auth deadline starts).
     */
    public Uni<Client> open() {
        return open(null, null);
    }

    /**
     * {@link #open()} for a connection that resumes the client {@code resumeId} of
     * {@code resumeUser} (a recovered Socket.IO session, see {@link io.switchboard.hub.Hub#reconnect}):
     * it gets that id back when its principal is of the same user (both anonymous, or the same
     * {@code sub}), else a new one.
     */
    public Uni<Client> open(Long resumeId, String resumeUser) {
        AuthMode mode = gates.mode();
        if (verified != null || mode != AuthMode.REQUIRED) {
            Principal principal = mode == AuthMode.NONE || verified == null ? Principal.ANONYMOUS : verified;
            return connect(principal, null, false, Objects.equals(resumeUser, principal.user()) ? resumeId : null);
        }
        state = State.AWAITING_AUTH;
        long timeout = gates.config.auth().timeout().toMillis();
        // The deadline is for sending auth; a token that is still being checked gets its answer first.
        authTimer = gates.vertx.setTimer(Math.max(1, timeout), t -> session.lane().execute(() -> {
            authTimer = -1;
            deadlinePassed = true;
            if (state == State.AWAITING_AUTH) {
                LOG.debugf("closing %s: no valid auth within %d ms", session, timeout);
                session.close(CloseCode.UNAUTHORIZED);
            }
        }));
        return Uni.createFrom().nullItem();
    }

    private Uni<Client> connect(Principal principal, String authId, boolean reply, Long resumeId) {
        state = State.CONNECTING;
        Uni<Client> registering = resumeId == null ? gates.hub.connect(session, lobbyNotices, principal)
                : gates.hub.reconnect(session, lobbyNotices, principal, resumeId);
        return registering.invoke(c -> {
            if (state == State.CLOSED) {
                gates.hub.disconnect(c);
                return;
            }
            client = c;
            state = State.OPEN;
            if (reply) {
                session.write(Frames.authenticated(authId, c.id(), principal.user(), principal.expiresAt()));
            }
            List<byte[]> waiting = early;
            early = null;
            if (waiting != null) {
                for (byte[] frame : waiting) {
                    gates.hub.handle(c, frame);
                }
            }
        });
    }

    /** The hub client once the connection is open, else null. */
    public Client client() {
        return client;
    }

    /** One text frame from a hub connection: rate-limited, then handled (or, before authentication, checked as {@code auth}). */
    public void text(byte[] frame) {
        if (admit(frame.length, frame)) {
            handle(frame);
        }
    }

    private void handle(byte[] frame) {
        switch (state) {
            case OPEN -> gates.hub.handle(client, frame);
            case AWAITING_AUTH -> auth(frame);
            case VERIFYING, CONNECTING -> {
                if (early == null) {
                    early = new ArrayList<>();
                }
                if (early.size() < MAX_EARLY) {
                    early.add(frame);
                } else {
                    session.send(Frames.error(idOf(frame), ErrorCode.RATE_LIMITED,
                            "too many frames before the connection was ready; send them after the reply to auth"));
                }
            }
            case CLOSED -> {
                // A frame that raced the close.
            }
        }
    }

    /**
     * Counts one inbound frame against the rate limits: true to handle it. A refused frame of a hub
     * connection gets a {@code rate_limited} error (raw relays have no error frames: it is
     * dropped); a connection that keeps going is closed with 4004.
     *
     * @param text the frame's bytes when it is JSON text (to echo the request id), else null
     */
    public boolean admit(int length, byte[] text) {
        switch (limiter.check(length)) {
            case PASS -> {
                return true;
            }
            case REFUSE -> {
                if (rawRoom == null) {
                    session.send(Frames.error(text == null ? null : idOf(text), ErrorCode.RATE_LIMITED,
                            "rate limit exceeded: the frame was not handled; slow down"));
                }
                return false;
            }
            default -> {
                LOG.debugf("closing %s: rate limit exceeded for too long", session);
                // Behind what the frames admitted before have already set going (a relay's copies).
                session.lane().execute(() -> session.close(CloseCode.TOO_MANY_REQUESTS));
                return false;
            }
        }
    }

    /** One frame from a raw relay socket: rate-limited, then relayed unless the socket may only receive. */
    public void relay(Frame frame) {
        if (admit(frame.length(), null) && rawRoom != null && !rawRoom.isEmpty()) {
            gates.hub.relayRaw(rawRoom, frame);
        }
    }

    private void auth(byte[] frame) {
        Request r;
        try {
            r = PARSER.parse(frame);
        } catch (ProtocolException e) {
            session.send(e.frame());
            return;
        }
        if (!"auth".equals(r.type())) {
            session.send(Frames.error(r.id(), ErrorCode.UNAUTHORIZED,
                    "authenticate first: send {\"type\":\"auth\",\"token\":\"<JWT>\"}"));
            return;
        }
        if (r.token() == null || r.token().isEmpty()) {
            session.send(Frames.error(r.id(), ErrorCode.BAD_REQUEST, "\"token\" is required"));
            return;
        }
        state = State.VERIFYING;
        gates.verifier.authenticate(r.token()).subscribe().with(
                principal -> session.lane().execute(() -> authenticated(principal, r.id())),
                failure -> session.lane().execute(() -> refused(failure, r.id())));
    }

    private void authenticated(Principal principal, String id) {
        if (state != State.VERIFYING) {
            return;
        }
        cancelTimer();
        connect(principal, id, true, null).subscribe().with(c -> {
        }, failure -> {
            LOG.warnf(failure, "connect of %s failed", session);
            session.close(CloseCode.UNAVAILABLE);
        });
    }

    private void refused(Throwable failure, String id) {
        if (state != State.VERIFYING) {
            return;
        }
        state = State.AWAITING_AUTH;
        session.write(Frames.error(id, ErrorCode.UNAUTHORIZED, failure.getMessage()));
        if (deadlinePassed) {
            session.close(CloseCode.UNAUTHORIZED);
            return;
        }
        List<byte[]> waiting = early;
        early = null;
        if (waiting != null) {
            for (byte[] frame : waiting) {
                handle(frame);
            }
        }
    }

    /** The connection closed: stop the auth deadline and stop counting it. Returns the hub client it had, or null. */
    public Client closed() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            cancelTimer();
            gates.limits.closed(ip);
        }
        return client;
    }

    private void cancelTimer() {
        if (authTimer >= 0) {
            gates.vertx.cancelTimer(authTimer);
            authTimer = -1;
        }
    }

    /** The raw JSON id of a request, when it can be read. */
    private static String idOf(byte[] text) {
        try {
            return PARSER.parse(text).id();
        } catch (ProtocolException e) {
            return e.id();
        }
    }
}
