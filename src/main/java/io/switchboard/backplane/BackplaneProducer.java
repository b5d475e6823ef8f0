package io.switchboard.backplane;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.switchboard.backplane.memory.InMemoryBackplane;
import io.switchboard.backplane.redis.RedisClients;
import io.switchboard.config.SwitchboardConfig;
import io.vertx.core.Vertx;

/** Chooses the backplane named by {@code switchboard.backplane.kind}. */
@ApplicationScoped
public class BackplaneProducer {

    @Produces
    @ApplicationScoped
    Backplane backplane(SwitchboardConfig config, Vertx vertx) {
        String kind = config.backplane().kind();
        if ("memory".equals(kind)) {
            return new InMemoryBackplane(settings(config));
        }
        if ("redis".equals(kind)) {
            return RedisClients.backplane(vertx, config, settings(config));
        }
        throw new IllegalStateException("switchboard.backplane.kind=" + kind + " is not supported (use memory or redis)");
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
