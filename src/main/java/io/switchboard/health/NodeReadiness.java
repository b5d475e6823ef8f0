package io.switchboard.health;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness ({@code /q/health/ready}): {@link NodeStatus#ready()}: the node reaches its backplane
 * (for Redis: every shard) and is not draining. A load balancer stops sending a node that is not
 * ready new connections; the ones it has keep being served. Liveness stays up meanwhile: a node
 * that lost Redis keeps serving its clients and reconnects by itself, so it must not be restarted.
 */
@Readiness
@Singleton
public class NodeReadiness implements AsyncHealthCheck {

    @Inject
    NodeStatus status;

    @Override
    public Uni<HealthCheckResponse> call() {
        boolean reachable = status.reachable();
        boolean draining = status.draining();
        return Uni.createFrom().item(HealthCheckResponse.named("switchboard")
                .status(reachable && !draining)
                .withData("backplane", reachable ? "reachable" : "unreachable")
                .withData("draining", draining)
                .withData("node", status.node())
                .build());
    }
}
