package io.switchboard.backplane.memory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.Backplane;
import io.switchboard.backplane.BackplaneListener;
import io.switchboard.backplane.Publication;
import io.switchboard.backplane.RoomView;
import io.switchboard.backplane.StreamSettings;
import io.switchboard.backplane.Target;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Position;

/**
 * The single-instance backplane: delivery is a direct call into the local listener, on the
 * publishing thread, so it adds nothing to the fan-out cost. Presence and room streams live in
 * this JVM only; a restart starts every room in a new epoch.
 */
public final class InMemoryBackplane implements Backplane, AutoCloseable {
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();
    /** The defaults of {@code switchboard.history.*} and {@code switchboard.state.max-keys}. */
    public static final StreamSettings DEFAULTS = new StreamSettings(100, Duration.ofMinutes(5), 256);

    private final String nodeId = UUID.randomUUID().toString();
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<String, Set<Long>> presence = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, String> users = new ConcurrentHashMap<>();
    private final RoomStreams streams;
    private volatile BackplaneListener listener;

    public InMemoryBackplane() {
        this(DEFAULTS);
    }

    public InMemoryBackplane(StreamSettings settings) {
        this.streams = new RoomStreams(settings, presence::containsKey);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(BackplaneListener listener) {
        this.listener = listener;
    }

    @Override
    public Uni<Long> nextClientId() {
        return Uni.createFrom().item(ids.incrementAndGet());
    }

    @Override
    public Uni<Void> publish(Target target, Frame frame) {
        listener.deliver(target, frame);
        return DONE;
    }

    @Override
    public Uni<Void> join(String room, long client) {
        presence.computeIfAbsent(room, r -> new ConcurrentSkipListSet<>()).add(client);
        return DONE;
    }

    @Override
    public Uni<Void> leave(String room, long client) {
        presence.computeIfPresent(room, (r, set) -> {
            set.remove(client);
            return set.isEmpty() ? null : set;
        });
        return DONE;
    }

    @Override
    public Uni<List<Long>> members(String room) {
        Set<Long> set = presence.get(room);
        return Uni.createFrom().item(set == null ? List.of() : List.copyOf(set));
    }

    @Override
    public Uni<Boolean> isMember(String room, long client) {
        Set<Long> set = presence.get(room);
        return Uni.createFrom().item(set != null && set.contains(client));
    }

    @Override
    public Uni<Position> publish(Publication publication) {
        return Uni.createFrom().item(streams.append(publication, listener));
    }

    @Override
    public Uni<RoomView> view(String room, boolean history, Position since, int last) {
        return Uni.createFrom().item(streams.view(room, history, since, last));
    }

    @Override
    public Uni<Void> setState(String room, String key, byte[] value) {
        try {
            streams.set(room, key, value, listener);
            return DONE;
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    @Override
    public Uni<List<String>> rooms(String after, int limit) {
        return Uni.createFrom().item(() -> presence.keySet().stream()
                .filter(room -> after == null || room.compareTo(after) > 0)
                .sorted().limit(limit).toList());
    }

    @Override
    public Uni<Void> kick(long client, String reason) {
        listener.kick(client, reason);
        return DONE;
    }

    @Override
    public Uni<Void> identify(long client, String user) {
        if (user == null) {
            users.remove(client);
        } else {
            users.put(client, user);
        }
        return DONE;
    }

    @Override
    public Uni<Map<Long, String>> users(List<Long> clients) {
        Map<Long, String> found = new HashMap<>();
        for (Long client : clients) {
            String user = users.get(client);
            if (user != null) {
                found.put(client, user);
            }
        }
        return Uni.createFrom().item(found);
    }

    @Override
    public long localHistoryBytes() {
        return streams.bytes();
    }

    @Override
    public void close() {
        streams.close();
    }
}
