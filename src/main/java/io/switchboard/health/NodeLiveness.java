package io.switchboard.health;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Liveness ({@code /q/health/live}): answered on an event loop, so an answer shows the loops still
 * run. A backplane outage or a drain never fails it: restarting the node would not cure either.
 */
@Liveness
@Singleton
public class NodeLiveness implements AsyncHealthCheck {

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(HealthCheckResponse.up("switchboard"));
    }
}
