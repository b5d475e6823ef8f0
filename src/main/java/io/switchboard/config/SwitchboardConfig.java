package io.switchboard.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Every {@code switchboard.*} setting. Each key can be set by env, e.g. {@code SWITCHBOARD_MAX_FRAME_SIZE}. */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /**
     * Largest text or binary message a client may send, in bytes. A larger one closes the socket
     * with 1009.
     */
    @WithDefault("65536")
    int maxFrameSize();

    /**
     * Subprotocols the server accepts, in order of preference. A client that offers some gets the
     * first of its offers found here; one that offers none connects without one; one that offers
     * only unknown ones is refused with HTTP 400 before the upgrade.
     */
    @WithDefault("chat,superchat,switchboard.v1")
    List<String> subprotocols();

    /** Backplane settings. */
    Backplane backplane();

    /** Keep-alive settings. */
    KeepAlive keepAlive();

    /** Per-connection limits. */
    Limits limits();

    /** Built-in feeds. */
    Feeds feeds();

    /** Room history: what late joiners and resuming clients can get back. */
    History history();

    /** Shared room state. */
    State state();

    /** The Socket.IO endpoint at {@code /socket.io/} (Engine.IO v4, Socket.IO v5). */
    @WithName("socketio")
    SocketIo socketio();

    /** The HTTP API under {@code /api}. */
    Api api();

    /** Switchboard's own meters at {@code /q/metrics} and the rates of {@code /api/stats}. */
    Metrics metrics();

    interface Api {
        /**
         * The key callers send as {@code Authorization: Bearer <key>}. Without one the API answers
         * 403 to everyone, except in dev mode, where it is open.
         */
        Optional<String> key();
    }

    interface Metrics {
        /**
         * Whether the hub counts frames in and out, fan-out sizes, dropped frames and backplane
         * round trips. Connections, joins, errors and closes are counted either way.
         */
        @WithDefault("true")
        boolean enabled();
    }

    interface Backplane {
        /** {@code memory} (one instance) or {@code redis} (many instances). */
        @WithDefault("memory")
        String kind();

        /** The Redis backplane ({@code kind=redis}); ignored in memory mode. */
        Redis redis();
    }

    interface Redis {
        /**
         * Named Quarkus Redis clients ({@code quarkus.redis.<name>.hosts}) over which rooms are
         * spread by a consistent hash of the room name. Empty: the default client alone
         * ({@code quarkus.redis.hosts}). The first shard also holds client ids.
         */
        Optional<List<String>> shards();

        /** Prefix of every key and channel, so several deployments can share one Redis. */
        @WithDefault("sb")
        String prefix();

        /** How often a node renews its registration and checks its links (PING). */
        @WithDefault("3s")
        Duration heartbeatInterval();

        /**
         * How long a node may miss its heartbeats before the others declare it dead, drop its
         * clients from presence and announce them gone. Announcements come at most this plus
         * one heartbeat interval after a crash.
         */
        @WithDefault("10s")
        Duration nodeTimeout();

        /**
         * How long a feed's leader holds its lease; it renews it three times per lease. When the
         * leader dies, another node with members in the feed room takes over within about this.
         */
        @WithDefault("3s")
        Duration feedLease();

        /** Longest wait between two attempts to reconnect to an unreachable Redis. */
        @WithDefault("5s")
        Duration reconnectMaxDelay();
    }

    interface KeepAlive {
        /**
         * How often an idle connection is pinged. A connection that sent anything (a frame or a
         * pong) within the interval is not pinged.
         */
        @WithDefault("25s")
        Duration pingInterval();

        /** How long a pinged connection may stay silent before it is closed with 4001. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Limits {
        /**
         * Bytes that may wait in one connection's send buffer. A reader slower than the traffic it
         * subscribed to is closed with 4002 once this is passed, instead of growing memory without
         * bound.
         */
        @WithDefault("4194304")
        long maxPendingBytes();
    }

    interface History {
        /** Messages kept per room; 0 keeps none (and room messages carry no offset). */
        @WithDefault("100")
        int size();

        /**
         * How long a message is kept. A room's epoch, offsets and state outlive its last member
         * by this long after its last publish or state change, then are forgotten.
         */
        @WithDefault("5m")
        Duration ttl();

        /**
         * Room-name patterns whose rooms keep no history and give their messages no offset
         * ({@code *} matches any run of characters), e.g. {@code xy,cursor:*}. Feed rooms never
         * keep history.
         */
        Optional<List<String>> exclude();
    }

    interface State {
        /** Keys one room's state may hold; a {@code set} of a new key beyond it is refused. */
        @WithDefault("256")
        int maxKeys();

        /** Largest state value, in bytes of JSON. */
        @WithDefault("16384")
        int maxValueSize();
    }

    interface Feeds {
        /** The {@code server-time} feed. */
        @WithName("server-time")
        Feed serverTime();

        /** The {@code ticker} feed (simulated prices). */
        Ticker ticker();
    }

    interface Feed {
        /** Time between two pushes. */
        @WithDefault("5s")
        Duration interval();
    }

    interface Ticker {
        /** Time between two pushes. */
        @WithDefault("1s")
        Duration interval();

        /** Symbols whose simulated prices are pushed. */
        @WithDefault("SWB,ACME,GLOBX,INITech")
        List<String> symbols();
    }

    interface SocketIo {
        /**
         * Time between two Engine.IO pings from the server (the {@code pingInterval} of the open
         * packet). The Socket.IO servers Switchboard replaces are typically configured with 10 s.
         */
        @WithDefault("10s")
        Duration pingInterval();

        /**
         * How long the server waits for the pong after a ping before it closes the session (the
         * {@code pingTimeout} of the open packet). A client that stops answering is closed after
         * ping-interval + ping-timeout.
         */
        @WithDefault("5s")
        Duration pingTimeout();

        /**
         * Largest Engine.IO payload a client may send, in bytes: one HTTP long-polling POST body or
         * one WebSocket message (the {@code maxPayload} of the open packet). A larger one closes the
         * session.
         */
        @WithDefault("1000000")
        int maxPayload();

        /** How long a new connection may take to send its Socket.IO CONNECT before it is closed. */
        @WithDefault("45s")
        Duration connectTimeout();

        /**
         * Feed rooms every Socket.IO socket joins when it connects, so it receives their events
         * (for example {@code api:server-time}) without asking; {@code none} for no feed.
         */
        @WithDefault("server-time")
        List<String> feeds();

        /**
         * How long a disconnected Socket.IO session may be recovered (connection state recovery:
         * the same socket id, its rooms and the kept room messages it missed); 0 turns recovery
         * off (no {@code pid} in the CONNECT reply, no offset on events). Session records live in
         * the session store of {@code switchboard.backplane.kind}.
         */
        @WithDefault("2m")
        Duration recoveryWindow();
    }
}
