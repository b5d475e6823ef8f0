package io.switchboard.hub;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.switchboard.backplane.Backplane;

/**
 * {@code /q/health/ready}: a node takes new clients only while it reaches its backplane (for
 * Redis: every shard) and is not draining. Liveness stays up meanwhile: a node that lost Redis
 * keeps serving the clients it has and reconnects by itself, so it must not be restarted.
 */
@Readiness
@ApplicationScoped
public class BackplaneReadiness implements HealthCheck {

    @Inject
    Backplane backplane;

    @Inject
    Lifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        boolean reachable = backplane.reachable();
        boolean draining = lifecycle.draining();
        return HealthCheckResponse.named("switchboard")
                .status(reachable && !draining)
                .withData("backplane", reachable ? "reachable" : "unreachable")
                .withData("draining", draining)
                .build();
    }
}
