package io.switchboard.backplane.redis;

import java.nio.charset.StandardCharsets;

/**
 * Every Redis key and channel name, and which shard a room lives on. A room's keys share the hash
 * tag {@code {room}}, so they would also land in one slot of a Redis Cluster.
 *
 * <pre>
 * p:{room}:m          hash    e = epoch, o = last offset, t = last change (ms)
 * p:{room}:h          stream  kept messages: o = offset, f = from, p = payload
 * p:{room}:s          hash    room state: key -> JSON value
 * p:{room}:p          zset    presence: client ids (score = id, so members come sorted)
 * p:{room}:n:NODE     set     the clients NODE has in the room (for reaping)
 * p:node:NODE:rooms   set     the rooms where NODE has clients (on each shard)
 * p:rooms             zset    rooms with members (lexicographic listing)
 * p:nodes             zset    live nodes, score = registration expiry (ms)
 * p:dead:NODE         string  tombstone of a node declared dead (one day)
 * p:ids               string  last client id (first shard)
 * p:users             hash    client id -> user (the token's subject) of authenticated clients (first shard)
 * p:lead:NAME         string  lease of a leadership, value = holding node (first shard)
 * p:session:ID        string  record of a recoverable Socket.IO session, expires with it (first shard)
 * channel p:room:ROOM  a room's frames; channel p:cluster  frames for one client or all, kicks
 * </pre>
 */
final class Keys {
    final String prefix;
    final String nodes;
    final String rooms;
    final String ids;
    final String users;
    final String cluster;

    Keys(String prefix) {
        this.prefix = prefix;
        this.nodes = prefix + ":nodes";
        this.rooms = prefix + ":rooms";
        this.ids = prefix + ":ids";
        this.users = prefix + ":users";
        this.cluster = prefix + ":cluster";
    }

    private String room(String room, String suffix) {
        return prefix + ":{" + room + "}:" + suffix;
    }

    String meta(String room) {
        return room(room, "m");
    }

    String stream(String room) {
        return room(room, "h");
    }

    String state(String room) {
        return room(room, "s");
    }

    String presence(String room) {
        return room(room, "p");
    }

    String nodeClients(String room, String node) {
        return room(room, "n:" + node);
    }

    String nodeRooms(String node) {
        return prefix + ":node:" + node + ":rooms";
    }

    String tombstone(String node) {
        return prefix + ":dead:" + node;
    }

    String lease(String name) {
        return prefix + ":lead:" + name;
    }

    String session(String id) {
        return prefix + ":session:" + id;
    }

    String channel(String room) {
        return prefix + ":room:" + room;
    }

    /** The room a channel name belongs to, or null for the cluster channel. */
    String roomOf(String channel) {
        int start = prefix.length() + 6;
        return channel.length() > start && channel.startsWith(":room:", prefix.length()) ? channel.substring(start) : null;
    }

    /**
     * The shard of {@code room} among {@code shards}: a jump consistent hash (Lamping and Veach)
     * of the name's 64-bit FNV-1a hash, so adding a shard moves only about 1/n of the rooms.
     */
    static int shard(String room, int shards) {
        if (shards == 1) {
            return 0;
        }
        long key = 0xcbf29ce484222325L;
        for (byte b : room.getBytes(StandardCharsets.UTF_8)) {
            key ^= b & 0xff;
            key *= 0x100000001b3L;
        }
        long b = -1;
        long j = 0;
        while (j < shards) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
