package io.switchboard.backplane;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.switchboard.backplane.memory.InMemorySessionStore;
import io.switchboard.config.SwitchboardConfig;

/** Chooses the session store that goes with {@code switchboard.backplane.kind}. */
@ApplicationScoped
public class SessionStoreProducer {

    @Produces
    @ApplicationScoped
    SessionStore sessionStore(SwitchboardConfig config) {
        String kind = config.backplane().kind();
        if ("memory".equals(kind)) {
            return new InMemorySessionStore();
        }
        throw new IllegalStateException("switchboard.backplane.kind=" + kind + " is not supported (use memory)");
    }
}
