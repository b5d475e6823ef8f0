package io.switchboard.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.switchboard.config.SecurityConfig;
import io.switchboard.config.SecurityConfig.AuthMode;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Principal;
import io.switchboard.hub.Right;
import io.switchboard.hub.RoomPolicy;
import io.switchboard.hub.Session;
import io.vertx.core.Vertx;

/**
 * The front door of every connection, whatever its transport: makes the per-connection
 * {@link Gate} (authentication before anything else, rate limits, connection counting) and answers
 * the questions an upgrade or a Socket.IO CONNECT asks. Transports call it; it calls the hub.
 */
@Singleton
public class Gates {
    final Hub hub;
    final TokenVerifier verifier;
    final ConnectionLimits limits;
    final RoomPolicy policy;
    final Vertx vertx;
    final SecurityConfig config;
    final int maxFrameSize;

    @Inject
    Gates(Hub hub, TokenVerifier verifier, ConnectionLimits limits, RoomPolicy policy, Vertx vertx,
            SecurityConfig config, SwitchboardConfig switchboard) {
        this.hub = hub;
        this.verifier = verifier;
        this.limits = limits;
        this.policy = policy;
        this.vertx = vertx;
        this.config = config;
        this.maxFrameSize = switchboard.maxFrameSize();
    }

    /**
     * The gate of a new hub connection ({@code /}, or a Socket.IO namespace connection).
     *
     * @param remoteAddress the peer's address as {@code host:port}, or null when the transport
     *        counts the connection itself ({@link Admission#opened})
     * @param verified the principal the upgrade's token named (see {@link UpgradeCheck}), or null
     * @param lobbyNotices whether the client hears {@code client:connected} notices
     */
    public Gate hub(Session session, String remoteAddress, Principal verified, boolean lobbyNotices) {
        return new Gate(this, session, host(remoteAddress), verified, lobbyNotices, null);
    }

    /** The gate of a raw relay socket of {@code room}: rate limits and counting; rights were checked at the upgrade. */
    public Gate raw(Session session, String remoteAddress, Principal verified, String room) {
        Principal principal = verified == null ? Principal.ANONYMOUS : verified;
        boolean publish = policy.allows(principal, Right.PUBLISH, room, true);
        return new Gate(this, session, host(remoteAddress), principal, false, publish ? room : Gate.RECEIVE_ONLY);
    }

    /** The auth mode in force. */
    public AuthMode mode() {
        return verifier.mode();
    }

    /** The token verifier, for transports that receive tokens their own way (Socket.IO CONNECT {@code auth}). */
    public TokenVerifier verifier() {
        return verifier;
    }

    /**
     * The token a connection request carries: {@code Authorization: Bearer <token>} or the
     * {@code token} query parameter; null when there is none. An empty one is returned as "".
     */
    public static String token(String authorization, String query) {
        if (authorization != null) {
            String header = authorization.trim();
            if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return header.substring(7).trim();
            }
            return "";
        }
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if ("token".equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
        }
        return null;
    }

    /** The host part of {@code host:port} (the form websockets-next reports); null stays null. */
    static String host(String address) {
        if (address == null) {
            return null;
        }
        int colon = address.lastIndexOf(':');
        return colon > 0 ? address.substring(0, colon) : address;
    }
}
