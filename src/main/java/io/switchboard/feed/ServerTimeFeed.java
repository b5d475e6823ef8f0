package io.switchboard.feed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Multi;
import io.switchboard.config.SwitchboardConfig;

/**
 * Room {@code server-time}: the server's wall-clock time, formatted like JavaScript's
 * {@code Date#toTimeString()} ({@code 16:45:03 GMT+0000 (Coordinated Universal Time)}), once on
 * activation and then every interval.
 */
@Singleton
public class ServerTimeFeed implements Feed {
    static final DateTimeFormatter TIME_STRING =
            DateTimeFormatter.ofPattern("HH:mm:ss 'GMT'xx '('zzzz')'", Locale.ENGLISH);

    private final Duration interval;

    @Inject
    ServerTimeFeed(SwitchboardConfig config) {
        this.interval = config.feeds().serverTime().interval();
    }

    @Override
    public String room() {
        return "server-time";
    }

    @Override
    public String type() {
        return "api:server-time";
    }

    @Override
    public Multi<byte[]> items() {
        return Feed.ticks(interval).map(tick -> format(ZonedDateTime.now(ZoneId.systemDefault())));
    }

    static byte[] format(ZonedDateTime time) {
        return ('"' + TIME_STRING.format(time) + '"').getBytes(StandardCharsets.UTF_8);
    }
}
