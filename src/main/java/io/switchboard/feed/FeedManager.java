package io.switchboard.feed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.subscription.Cancellable;
import io.switchboard.backplane.Backplane;
import io.switchboard.hub.Hub;
import io.switchboard.hub.RoomActivity;

/**
 * Runs each {@link Feed} once per cluster, while its room has members somewhere. Every node with
 * local members in a feed room is a candidate for the feed's leadership ({@link Backplane#lead});
 * only the elected one subscribes to the feed, and its items reach every node's members through
 * the backplane. When the leader's last member leaves, it steps down and another candidate takes
 * over; when it dies, its lease runs out and another takes over within about the lease. On a
 * single node the node is elected at once.
 */
@Startup
@Singleton
public class FeedManager implements RoomActivity {
    private static final Logger LOG = Logger.getLogger(FeedManager.class);

    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final Map<String, Runnable> candidacies = new ConcurrentHashMap<>();
    private final Map<String, Cancellable> running = new ConcurrentHashMap<>();

    private final Hub hub;
    private final Backplane backplane;

    @Inject
    FeedManager(@Any Instance<Feed> all, Hub hub, Backplane backplane) {
        this.hub = hub;
        this.backplane = backplane;
        for (Feed feed : all) {
            feeds.put(feed.room(), feed);
            hub.registerFeedRoom(feed.room());
        }
        hub.roomActivity(this);
    }

    /** Whether the feed of {@code room} is subscribed on this node right now (this node leads it). */
    public boolean isRunning(String room) {
        return running.containsKey(room);
    }

    @Override
    public void active(String room) {
        Feed feed = feeds.get(room);
        if (feed == null) {
            return;
        }
        Runnable candidacy = backplane.lead("feed:" + room, new Backplane.Leader() {
            @Override
            public void elected() {
                start(room, feed);
            }

            @Override
            public void deposed() {
                stop(room);
            }
        });
        Runnable previous = candidacies.put(room, candidacy);
        if (previous != null) {
            previous.run();
        }
    }

    @Override
    public void idle(String room) {
        hub.feedStopped(room);
        Runnable candidacy = candidacies.remove(room);
        if (candidacy != null) {
            candidacy.run();
        }
        stop(room);
    }

    private void start(String room, Feed feed) {
        Cancellable subscription;
        try {
            subscription = feed.items().subscribe().with(
                item -> hub.pushFeed(room, feed.type(), item),
                failure -> {
                    LOG.errorf(failure, "feed %s failed; it restarts when the room next becomes active", room);
                    running.remove(room);
                });
        } catch (RuntimeException e) {
            // A broken feed must not break the join that started it.
            LOG.errorf(e, "feed %s could not start", room);
            return;
        }
        Cancellable previous = running.put(room, subscription);
        if (previous != null) {
            previous.cancel();
        }
        LOG.debugf("feed %s started", room);
    }

    private void stop(String room) {
        Cancellable subscription = running.remove(room);
        if (subscription != null) {
            subscription.cancel();
            LOG.debugf("feed %s stopped", room);
        }
    }
}
