package io.switchboard.backplane;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.quarkus.runtime.Startup;
import io.switchboard.backplane.memory.InMemorySessionStore;
import io.switchboard.backplane.redis.RedisClients;
import io.switchboard.config.SwitchboardConfig;
import io.vertx.core.Vertx;

/** Chooses the session store that goes with {@code switchboard.backplane.kind}. */
@ApplicationScoped
public class SessionStoreProducer {

    /** Made at startup, so a Redis store is connected before the first client comes. */
    @Produces
    @ApplicationScoped
    @Startup
    SessionStore sessionStore(SwitchboardConfig config, Vertx vertx) {
        String kind = config.backplane().kind();
        if ("memory".equals(kind)) {
            return new InMemorySessionStore();
        }
        if ("redis".equals(kind)) {
            return RedisClients.sessionStore(vertx, config);
        }
        throw new IllegalStateException("switchboard.backplane.kind=" + kind + " is not supported (use memory or redis)");
    }

    void close(@Disposes SessionStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
