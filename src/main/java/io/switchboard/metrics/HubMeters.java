package io.switchboard.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.backplane.Backplane;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Lifecycle;
import io.switchboard.hub.Traffic;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;

/**
 * Switchboard's meters at {@code /q/metrics} (Prometheus names in brackets):
 * <ul>
 * <li>{@code switchboard.connections{transport}} [switchboard_connections]: open hub and raw connections</li>
 * <li>{@code switchboard.rooms} [switchboard_rooms]: rooms with members on this node</li>
 * <li>{@code switchboard.joins} [switchboard_joins_total]</li>
 * <li>{@code switchboard.messages.in} / {@code .out} [switchboard_messages_in_total / _out_total]:
 * frames from clients, and frames handed to clients</li>
 * <li>{@code switchboard.fanout.recipients} [switchboard_fanout_recipients]: local recipients per
 * room delivery (a histogram)</li>
 * <li>{@code switchboard.frames.dropped} [switchboard_frames_dropped_total]: volatile frames dropped</li>
 * <li>{@code switchboard.closes{code,reason}} [switchboard_closes_total]: connections the server
 * closed, {@code code="4002"} being slow consumers</li>
 * <li>{@code switchboard.errors{code}} [switchboard_errors_total]: {@code error} frames sent</li>
 * <li>{@code switchboard.backplane.latency{operation}} [switchboard_backplane_latency_seconds]:
 * backplane round trips of kept publishes and joins (a histogram)</li>
 * <li>{@code switchboard.history.bytes} [switchboard_history_bytes]: history held in this node's memory</li>
 * <li>{@code switchboard.backplane.reachable}, {@code switchboard.draining}: 1 or 0</li>
 * </ul>
 * Counters are read from the hub's adders when scraped; only the two histograms record as things
 * happen, once per room delivery or backplane call, never per recipient.
 */
@Singleton
public class HubMeters implements Traffic.Recorder {

    @Inject
    MeterRegistry registry;

    @Inject
    Hub hub;

    @Inject
    Backplane backplane;

    @Inject
    Lifecycle lifecycle;

    @Inject
    SwitchboardConfig config;

    private DistributionSummary fanOut;
    private final Timer[] roundTrips = new Timer[Traffic.Operation.values().length];

    void start(@Observes StartupEvent event) {
        Traffic traffic = hub.traffic();
        traffic.counting(config.metrics().enabled());
        counter("switchboard.joins", "Rooms joined", traffic, Traffic::joins);
        counter("switchboard.messages.in", "Frames received from clients (hub requests and raw relay frames)",
                traffic, Traffic::received);
        counter("switchboard.messages.out", "Frames handed to clients (room messages, broadcasts, notices, directs)",
                traffic, Traffic::delivered);
        counter("switchboard.frames.dropped", "Volatile frames dropped for clients whose socket was backed up",
                traffic, Traffic::dropped);
        Gauge.builder("switchboard.rooms", hub, Hub::localRooms).description("Rooms with members on this node")
                .strongReference(true).register(registry);
        Gauge.builder("switchboard.history.bytes", backplane, Backplane::localHistoryBytes).baseUnit("bytes")
                .description("Room history and state held in this node's memory").strongReference(true).register(registry);
        Gauge.builder("switchboard.backplane.reachable", backplane, b -> b.reachable() ? 1 : 0)
                .description("1 while the backplane is reachable").strongReference(true).register(registry);
        Gauge.builder("switchboard.draining", lifecycle, l -> l.draining() ? 1 : 0)
                .description("1 once the node refuses new clients (shutting down)").strongReference(true).register(registry);
        for (CloseCode code : CloseCode.values()) {
            FunctionCounter.builder("switchboard.closes", code, CloseCode::sent)
                    .description("Connections the server closed, by close code (4002: slow consumer)")
                    .tag("code", Integer.toString(code.code())).tag("reason", code.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        for (ErrorCode code : ErrorCode.values()) {
            FunctionCounter.builder("switchboard.errors", code, ErrorCode::sent)
                    .description("error frames sent to clients, by code").tag("code", code.code()).register(registry);
        }
        fanOut = DistributionSummary.builder("switchboard.fanout.recipients")
                .description("Local recipients of one room delivery").baseUnit("recipients")
                .serviceLevelObjectives(1, 10, 100, 1_000, 10_000, 100_000).register(registry);
        for (Traffic.Operation op : Traffic.Operation.values()) {
            roundTrips[op.ordinal()] = Timer.builder("switchboard.backplane.latency")
                    .description("Backplane round trips: kept publishes and joins")
                    .tag("operation", op.name().toLowerCase(Locale.ROOT))
                    .serviceLevelObjectives(Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(5),
                            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500),
                            Duration.ofSeconds(1))
                    .register(registry);
        }
        traffic.recorder(this);
    }

    private void counter(String name, String description, Traffic traffic, java.util.function.ToDoubleFunction<Traffic> count) {
        FunctionCounter.builder(name, traffic, count).description(description).register(registry);
    }

    @Override
    public void transport(String name) {
        Gauge.builder("switchboard.connections", hub.traffic(), t -> t.connections(name))
                .description("Open hub and raw relay connections, by transport").tag("transport", name)
                .strongReference(true).register(registry);
    }

    @Override
    public void fanOut(int recipients) {
        fanOut.record(recipients);
    }

    @Override
    public void roundTrip(Traffic.Operation operation, long nanos) {
        roundTrips[operation.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }
}
