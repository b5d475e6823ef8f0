package io.switchboard.backplane;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.switchboard.backplane.memory.InMemoryBackplane;
import io.switchboard.config.SwitchboardConfig;

/** Chooses the backplane named by {@code switchboard.backplane.kind}. */
@ApplicationScoped
public class BackplaneProducer {

    @Produces
    @ApplicationScoped
    Backplane backplane(SwitchboardConfig config) {
        String kind = config.backplane().kind();
        if ("memory".equals(kind)) {
            return new InMemoryBackplane();
        }
        throw new IllegalStateException("switchboard.backplane.kind=" + kind + " is not supported (use memory)");
    }
}
