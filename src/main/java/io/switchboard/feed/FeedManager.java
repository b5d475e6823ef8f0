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
import io.switchboard.hub.Hub;
import io.switchboard.hub.RoomActivity;

/** Runs each {@link Feed} while its room has members on this node. */
@Startup
@Singleton
public class FeedManager implements RoomActivity {
    private static final Logger LOG = Logger.getLogger(FeedManager.class);

    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final Map<String, Cancellable> running = new ConcurrentHashMap<>();

    private final Hub hub;

    @Inject
    FeedManager(@Any Instance<Feed> all, Hub hub) {
        this.hub = hub;
        for (Feed feed : all) {
            feeds.put(feed.room(), feed);
            hub.registerFeedRoom(feed.room());
        }
        hub.roomActivity(this);
    }

    /** Whether the feed of {@code room} is subscribed right now. */
    public boolean isRunning(String room) {
        return running.containsKey(room);
    }

    @Override
    public void active(String room) {
        Feed feed = feeds.get(room);
        if (feed == null) {
            return;
        }
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

    @Override
    public void idle(String room) {
        hub.feedStopped(room);
        Cancellable subscription = running.remove(room);
        if (subscription != null) {
            subscription.cancel();
            LOG.debugf("feed %s stopped", room);
        }
    }
}
