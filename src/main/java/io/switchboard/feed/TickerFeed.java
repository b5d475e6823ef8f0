package io.switchboard.feed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Multi;
import io.switchboard.config.SwitchboardConfig;

/**
 * Room {@code ticker}: simulated prices, a random walk per symbol, as
 * {@code [{"symbol":"SWB","price":101.25,"change":0.35},…]} every interval.
 */
@Singleton
public class TickerFeed implements Feed {
    private final Duration interval;
    private final List<String> symbols;

    @Inject
    TickerFeed(SwitchboardConfig config) {
        this.interval = config.feeds().ticker().interval();
        this.symbols = config.feeds().ticker().symbols();
    }

    @Override
    public String room() {
        return "ticker";
    }

    @Override
    public String type() {
        return "api:ticker";
    }

    @Override
    public Multi<byte[]> items() {
        return Multi.createFrom().deferred(() -> {
            double[] prices = new double[symbols.size()];
            for (int i = 0; i < prices.length; i++) {
                prices[i] = 50 + 100 * ThreadLocalRandom.current().nextDouble();
            }
            return Feed.ticks(interval).map(tick -> step(prices));
        });
    }

    private byte[] step(double[] prices) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < prices.length; i++) {
            double change = Math.round(prices[i] * 0.01 * ThreadLocalRandom.current().nextGaussian() * 100) / 100.0;
            prices[i] = Math.max(1, Math.round((prices[i] + change) * 100) / 100.0);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"symbol\":\"").append(symbols.get(i)).append("\",\"price\":")
                    .append(String.format(Locale.ROOT, "%.2f", prices[i]))
                    .append(",\"change\":").append(String.format(Locale.ROOT, "%.2f", change)).append('}');
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
