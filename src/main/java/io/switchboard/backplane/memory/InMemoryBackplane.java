package io.switchboard.backplane.memory;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Uni;
import io.switchboard.backplane.Backplane;
import io.switchboard.backplane.BackplaneListener;
import io.switchboard.backplane.Target;
import io.switchboard.protocol.Frame;

/**
 * The single-instance backplane: delivery is a direct call into the local listener, on the
 * publishing thread, so it adds nothing to the fan-out cost. Presence lives in this JVM only.
 */
public final class InMemoryBackplane implements Backplane {
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();

    private final String nodeId = UUID.randomUUID().toString();
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<String, Set<Long>> presence = new ConcurrentHashMap<>();
    private volatile BackplaneListener listener;

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
}
