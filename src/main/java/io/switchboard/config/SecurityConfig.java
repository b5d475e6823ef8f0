package io.switchboard.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code switchboard.*} settings of authentication, room permissions, abuse limits and
 * graceful shutdown (see docs/security.md). Limits set to 0 are off.
 */
@ConfigMapping(prefix = "switchboard")
public interface SecurityConfig {

    /** Connection tokens. */
    Auth auth();

    /**
     * Room rules by room-name pattern ({@code *} matches any run of characters), e.g.
     * {@code switchboard.rooms."chat:*".publish=members}. For each setting the most specific
     * pattern that sets it wins: an exact name before any pattern, then the pattern with the most
     * characters other than {@code *}.
     */
    Map<String, RoomRule> rooms();

    /**
     * Origins (scheme://host[:port]) that browsers may open sockets from; an upgrade with another
     * {@code Origin} header is refused with HTTP 403. Requests without {@code Origin} (servers,
     * native apps) are not affected. Unset: any origin.
     */
    Optional<List<String>> allowedOrigins();

    /** Per-connection inbound rate limits. */
    RateLimit rateLimit();

    /** Limits on new connections. */
    Connections connections();

    /** Per-request limits. */
    RequestLimits limits();

    /** Graceful shutdown. */
    Shutdown shutdown();

    /** Who may use a right in a room. */
    enum Access {
        /** Every client. */
        ANYONE,
        /** Clients that authenticated with a valid token. */
        AUTHENTICATED,
        /** Clients that are members of the room (publish, presence, history, state). */
        MEMBERS,
        /** Only clients whose token grants the right for the room. */
        GRANTED,
        /** No client, whatever its token says: the server alone (feeds, HTTP publishers). */
        NOBODY
    }

    /** How tokens are required. */
    enum AuthMode {
        /** Tokens are not checked; every client is anonymous. */
        NONE,
        /** Clients may authenticate; anonymous clients get what room rules give anyone. */
        OPTIONAL,
        /** Every hub client must authenticate before anything else is handled. */
        REQUIRED
    }

    /** What happens to a room member whose socket is backed up. */
    enum SlowConsumer {
        /** Frames queue up to {@code switchboard.limits.max-pending-bytes}; then the socket is closed with 4002. */
        CLOSE,
        /** The member keeps the newest {@code buffer} frames of the room while backed up; older ones are dropped. */
        DROP_OLDEST,
        /** The member keeps only the newest frame of the room while backed up. */
        LATEST_ONLY
    }

    interface Auth {
        /** {@code none} (development default), {@code optional} or {@code required}. */
        @WithDefault("none")
        AuthMode mode();

        /**
         * Shared secret for HS256/HS384/HS512 tokens (UTF-8 bytes, at least 32). Public keys for
         * RS256/ES256 come from {@code mp.jwt.verify.publickey.location}.
         */
        Optional<String> hmacSecret();

        /** How long a socket may stay open in {@code required} mode before its {@code auth} frame. */
        @WithDefault("5s")
        Duration timeout();

        /** How long before a token's expiry the server sends {@code token:expiring}. */
        @WithDefault("30s")
        Duration refreshAhead();

        /** The claim that carries per-room grants. */
        @WithDefault("rooms")
        String roomsClaim();
    }

    interface RoomRule {
        /** Who may join. */
        Optional<Access> join();

        /** Who may publish and broadcast. */
        Optional<Access> publish();

        /** Who may see the member list ({@code presence}, {@code joined.clients}, notices). */
        Optional<Access> presence();

        /** Who may ask for history or resume on join. */
        Optional<Access> history();

        /** Who may set and unset state keys. */
        Optional<Access> state();

        /** What happens to a backed-up member. */
        Optional<SlowConsumer> slowConsumer();

        /** Frames a backed-up member keeps under {@code drop-oldest}. */
        Optional<Integer> buffer();
    }

    interface RateLimit {
        /** Frames a connection may send per second, on average (0: no limit). */
        @WithDefault("100")
        double framesPerSecond();

        /** Frames a connection may send in one burst. */
        @WithDefault("500")
        int framesBurst();

        /** Bytes a connection may send per second, on average (0: no limit). */
        @WithDefault("1048576")
        double bytesPerSecond();

        /** Bytes a connection may send in one burst; at least {@code switchboard.max-frame-size}. */
        @WithDefault("4194304")
        long bytesBurst();

        /**
         * Refused frames a connection may accumulate (one is forgiven per second); past it the
         * connection is closed with 4004.
         */
        @WithDefault("100")
        int tolerance();
    }

    interface Connections {
        /** Open connections per client IP address (0: no limit). */
        @WithDefault("1000")
        int maxPerIp();

        /** New connections this node accepts per second, on average (0: no limit). */
        @WithDefault("1000")
        double rate();

        /** New connections this node accepts in one burst. */
        @WithDefault("2000")
        int burst();
    }

    interface RequestLimits {
        /** Rooms one connection may be in at once, the lobby not counted (0: no limit). */
        @WithDefault("100")
        int maxRooms();

        /** Largest {@code history} count a join may ask for (0: no limit). */
        @WithDefault("1000")
        int maxHistory();

        /**
         * Largest {@code payload} per request type in bytes, e.g. {@code max-payload.direct=4096}
         * (unset types: {@code switchboard.max-frame-size}).
         */
        Map<String, Integer> maxPayload();
    }

    interface Shutdown {
        /** How long a shutdown waits for clients to receive what is queued for them after 1012. */
        @WithDefault("10s")
        Duration grace();
    }
}
