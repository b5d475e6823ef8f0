package io.switchboard.backplane;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
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
            return new InMemoryBackplane(settings(config));
        }
        throw new IllegalStateException("switchboard.backplane.kind=" + kind + " is not supported (use memory)");
    }

    void close(@Disposes Backplane backplane) throws Exception {
        if (backplane instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The stream settings of {@code switchboard.history.*} and {@code switchboard.state.*}. */
    static StreamSettings settings(SwitchboardConfig config) {
        return new StreamSettings(config.history().size(), config.history().ttl(), config.state().maxKeys());
    }
}
