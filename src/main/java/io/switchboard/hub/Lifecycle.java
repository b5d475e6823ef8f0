package io.switchboard.hub;

import jakarta.inject.Singleton;

/**
 * Whether this node still takes new clients. A node that is shutting down (or otherwise draining)
 * says so here; upgrade checks refuse new connections and readiness reports not-ready.
 */
@Singleton
public class Lifecycle {
    private volatile boolean draining;

    /** From now on, refuse new clients. */
    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }
}
