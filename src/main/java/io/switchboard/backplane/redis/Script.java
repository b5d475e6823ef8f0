package io.switchboard.backplane.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that make each multi-key step atomic on one Redis: a room's kept publish, its
 * state change, its view, presence changes, node heartbeats and reaping, leases. Each is sent by
 * its SHA-1 ({@code EVALSHA}) and loaded with {@code EVAL} when Redis does not know it yet (after
 * a restart).
 */
enum Script {
    /**
     * A kept message: the room's epoch (created when absent), the next offset, the stream entry
     * (capped at the history size, expiring with the TTL), and the publish, in one step, so
     * offsets never race between nodes and every node hears them in offset order.
     * KEYS: meta, stream, state, presence. ARGV: candidate epoch, history size, TTL ms, channel,
     * envelope head, from, payload. Returns {offset, epoch}.
     */
    PUBLISH("""
            local now = now_ms()
            local epoch = redis.call('HGET', KEYS[1], 'e')
            if not epoch then
              epoch = ARGV[1]
              redis.call('HSET', KEYS[1], 'e', epoch)
            end
            local offset = redis.call('HINCRBY', KEYS[1], 'o', 1)
            redis.call('HSET', KEYS[1], 't', now)
            redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], '*', 'o', offset, 'f', ARGV[6], 'p', ARGV[7])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            touch(KEYS[1], KEYS[3], KEYS[4], tonumber(ARGV[3]), now)
            redis.call('PUBLISH', ARGV[4], ARGV[5] .. offset .. '\\n' .. epoch .. '\\n' .. ARGV[6] .. '\\n' .. ARGV[7])
            return {offset, epoch}
            """),

    /**
     * A state change, ordered with the room's messages on its channel.
     * KEYS: meta, state, presence. ARGV: candidate epoch, key, value, 1 to set / 0 to remove,
     * max keys, TTL ms, channel, envelope. Fails with {@code SBLIMIT} past max keys.
     */
    STATE("""
            if ARGV[4] == '1' then
              if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 and redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[5]) then
                return redis.error_reply('SBLIMIT too many state keys')
              end
              redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
            else
              redis.call('HDEL', KEYS[2], ARGV[2])
            end
            local now = now_ms()
            if redis.call('HSETNX', KEYS[1], 'e', ARGV[1]) == 1 then
              redis.call('HSET', KEYS[1], 'o', 0)
            end
            redis.call('HSET', KEYS[1], 't', now)
            touch(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[6]), now)
            redis.call('PUBLISH', ARGV[7], ARGV[8])
            return 1
            """),

    /**
     * A joining client's view of the room at one point: epoch (created when absent), latest
     * offset, state, and the replay it asked for.
     * KEYS: meta, stream, state, presence. ARGV: candidate epoch, TTL ms, 1 if the room keeps
     * history, since offset (-1: none), since epoch, last, history size.
     * Returns {epoch, offset, recovered, {state key, value, ...}, {offset, from, payload, ...}}.
     */
    VIEW("""
            local now = now_ms()
            local ttl = tonumber(ARGV[2])
            local epoch = redis.call('HGET', KEYS[1], 'e')
            if not epoch then
              epoch = ARGV[1]
              redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0, 't', now)
              touch(KEYS[1], KEYS[3], KEYS[4], ttl, now)
            end
            local offset = tonumber(redis.call('HGET', KEYS[1], 'o') or '0')
            local state = redis.call('HGETALL', KEYS[3])
            if ARGV[3] ~= '1' then
              return {epoch, offset, 0, state, {}}
            end
            redis.call('XTRIM', KEYS[2], 'MINID', now - ttl)
            local since = tonumber(ARGV[4])
            local recovered = 0
            local entries = {}
            if since >= 0 then
              if ARGV[5] == epoch and since <= offset then
                local n = offset - since
                if n == 0 then
                  recovered = 1
                elseif n <= tonumber(ARGV[7]) then
                  entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', n)
                  if #entries == n and tonumber(entries[n][2][2]) == since + 1 then
                    recovered = 1
                  else
                    entries = {}
                  end
                end
              end
            end
            if recovered == 0 and tonumber(ARGV[6]) > 0 then
              -- No position to resume from, or one that cannot be resumed: the latest N.
              entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', ARGV[6])
            end
            local replay = {}
            for i = #entries, 1, -1 do
              local f = entries[i][2]
              replay[#replay + 1] = f[2]
              replay[#replay + 1] = f[4]
              replay[#replay + 1] = f[6]
            end
            return {epoch, offset, recovered, state, replay}
            """),

    /**
     * Adds a client to a room's presence, in the node's index (for reaping) and the room list;
     * an occupied room's epoch and state do not expire.
     * KEYS: presence, node's clients in the room, node's rooms, room list, meta, state.
     * ARGV: client, room.
     */
    JOIN("""
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('SADD', KEYS[3], ARGV[2])
            redis.call('ZADD', KEYS[4], 0, ARGV[2])
            redis.call('PERSIST', KEYS[5])
            redis.call('PERSIST', KEYS[6])
            return 1
            """),

    /**
     * Removes a client from a room's presence; an emptied room leaves the room list and its epoch
     * and state expire the TTL after its last change.
     * KEYS: as {@link #JOIN}. ARGV: client, room, TTL ms.
     */
    LEAVE("""
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[2], ARGV[1])
            if redis.call('SCARD', KEYS[2]) == 0 then
              redis.call('SREM', KEYS[3], ARGV[2])
            end
            if redis.call('ZCARD', KEYS[1]) == 0 then
              redis.call('ZREM', KEYS[4], ARGV[2])
              touch(KEYS[5], KEYS[6], KEYS[1], tonumber(ARGV[3]), now_ms())
            end
            return 1
            """),

    /**
     * A node's heartbeat: its registration now expires {@code timeout} from now (Redis's clock).
     * KEYS: nodes, the node's tombstone. ARGV: node, timeout ms.
     * Returns 1 if it was registered, 2 if it had been declared dead, 0 if unknown (first beat, or
     * Redis lost its data).
     */
    HEARTBEAT("""
            local existed = redis.call('ZSCORE', KEYS[1], ARGV[1])
            redis.call('ZADD', KEYS[1], now_ms() + tonumber(ARGV[2]), ARGV[1])
            if existed then
              return 1
            end
            if redis.call('DEL', KEYS[2]) == 1 then
              return 2
            end
            return 0
            """),

    /**
     * Declares one node whose registration expired dead (or the given node, leaving) and removes
     * its clients from every room of this Redis, exactly once whichever node runs it. A client id
     * that a live node also has in the room (a session resumed there) stays present.
     * KEYS: nodes. ARGV: key prefix, TTL ms, optionally the leaving node.
     * Returns {} or {node, room, client, room, client, ...}.
     */
    REAP("""
            local now = now_ms()
            local dead
            if ARGV[3] then
              dead = {ARGV[3]}
            else
              dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1)
            end
            if #dead == 0 then
              return {}
            end
            local node = dead[1]
            local p = ARGV[1]
            redis.call('ZREM', KEYS[1], node)
            redis.call('SET', p .. ':dead:' .. node, 1, 'PX', 86400000)
            local index = p .. ':node:' .. node .. ':rooms'
            local out = {node}
            local alive = redis.call('ZRANGE', KEYS[1], 0, -1)
            for _, room in ipairs(redis.call('SMEMBERS', index)) do
              local base = p .. ':{' .. room .. '}'
              local mine = base .. ':n:' .. node
              for _, client in ipairs(redis.call('SMEMBERS', mine)) do
                -- A client that resumed its session on a live node (same id) stays present.
                local elsewhere = false
                for _, other in ipairs(alive) do
                  if redis.call('SISMEMBER', base .. ':n:' .. other, client) == 1 then
                    elsewhere = true
                    break
                  end
                end
                if not elsewhere then
                  redis.call('ZREM', base .. ':p', client)
                  out[#out + 1] = room
                  out[#out + 1] = client
                end
              end
              redis.call('DEL', mine)
              if redis.call('ZCARD', base .. ':p') == 0 then
                redis.call('ZREM', p .. ':rooms', room)
                touch(base .. ':m', base .. ':s', base .. ':p', tonumber(ARGV[2]), now)
              end
            end
            redis.call('DEL', index)
            return out
            """),

    /**
     * Takes or renews a lease. KEYS: lease. ARGV: node, lease ms. Returns 1 if the node holds it.
     */
    LEASE("""
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """),

    /** Gives up a lease held by the node. KEYS: lease. ARGV: node. */
    RELEASE("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
            end
            return 1
            """);

    /**
     * Shared by the scripts: Redis's clock in ms, and the expiry rule of a room's epoch and state
     * (kept while the room has members, else forgotten the TTL after its last change).
     */
    private static final String PRELUDE = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function touch(meta, state, presence, ttl, now)
              if redis.call('EXISTS', presence) == 1 then
                redis.call('PERSIST', meta)
                redis.call('PERSIST', state)
                return
              end
              local left = tonumber(redis.call('HGET', meta, 't') or now) + ttl - now
              if left <= 0 then
                redis.call('DEL', meta, state)
              else
                redis.call('PEXPIRE', meta, left)
                redis.call('PEXPIRE', state, left)
              end
            end
            """;

    final String source;
    final String sha;

    Script(String body) {
        this.source = PRELUDE + body;
        this.sha = sha1(source);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
