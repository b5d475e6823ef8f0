package io.switchboard.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps Quarkus's per-connection timers out of the registry. Its HTTP server meters start a
 * long-task-timer sample for every TCP connection ({@code http.server.connections}) and another
 * for every WebSocket ({@code http.server.websocket.connections}); the connection holds both for
 * its whole life, about 150 bytes each with the registry's entry, which for sockets that stay open
 * for hours is memory per idle connection spent on connection durations. The counts stay:
 * {@code http_server_active_connections} for TCP connections and {@code switchboard_connections}
 * for hub and raw relay sockets. The request timers ({@code http_server_requests_seconds}) are
 * not affected.
 */
@Singleton
public class ConnectionTimers {
    /** The meters Quarkus holds a sample of per open connection. */
    static final String TCP = "http.server.connections";
    static final String WEB_SOCKET = "http.server.websocket.connections";

    @Produces
    @Singleton
    MeterFilter noSamplePerConnection() {
        return MeterFilter.deny(id -> id.getName().equals(TCP) || id.getName().equals(WEB_SOCKET));
    }
}
