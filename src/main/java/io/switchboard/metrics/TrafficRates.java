package io.switchboard.metrics;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Traffic;
import io.vertx.core.Vertx;

/**
 * Frames in and out per second over the last few seconds, from the hub's counters sampled once a
 * second on a Vert.x timer (a few additions, nothing on the delivery path).
 */
@Singleton
public class TrafficRates {
    /** Seconds the rates average over. */
    static final int WINDOW = 5;

    private final long[] times = new long[WINDOW + 1];
    private final long[] in = new long[WINDOW + 1];
    private final long[] out = new long[WINDOW + 1];
    private int latest = -1;
    private int samples;

    @Inject
    Hub hub;

    @Inject
    Vertx vertx;

    void start(@Observes StartupEvent event) {
        sample();
        vertx.setPeriodic(1000, id -> sample());
    }

    synchronized void sample() {
        Traffic traffic = hub.traffic();
        latest = (latest + 1) % times.length;
        times[latest] = System.nanoTime();
        in[latest] = traffic.received();
        out[latest] = traffic.delivered();
        samples = Math.min(samples + 1, times.length);
    }

    /** Frames received from clients per second. */
    public synchronized double inPerSecond() {
        return rate(in);
    }

    /** Frames handed to clients per second. */
    public synchronized double outPerSecond() {
        return rate(out);
    }

    private double rate(long[] counts) {
        if (samples < 2) {
            return 0;
        }
        int oldest = (latest - samples + 1 + times.length) % times.length;
        double seconds = (times[latest] - times[oldest]) / 1e9;
        return seconds <= 0 ? 0 : Math.round((counts[latest] - counts[oldest]) / seconds * 10) / 10.0;
    }
}
