package io.switchboard.feed;

import java.time.Duration;

import io.smallrye.mutiny.Multi;

/**
 * A server-side stream bound to a room. Members of {@link #room()} receive every item as
 * {@code {"type":type(),"room":room(),"payload":item}}. The stream is subscribed when the room
 * gains its first member on this node and cancelled when it loses its last, so an unwatched feed
 * costs nothing. Clients cannot publish into a feed room.
 *
 * <p>A new feed is one {@code @ApplicationScoped} class implementing this interface.
 */
public interface Feed {

    /** The room the feed pushes to. */
    String room();

    /** The frame type of each push, for example {@code api:server-time}. */
    String type();

    /** The items, each already encoded as JSON (the {@code payload} of one push). */
    Multi<byte[]> items();

    /**
     * A tick at once, so a new member need not wait an interval, then one every {@code interval};
     * ticks a slow subscriber cannot take are dropped rather than queued.
     */
    static Multi<Long> ticks(Duration interval) {
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(interval)
                .onOverflow().drop();
    }
}
