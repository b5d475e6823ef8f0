package io.switchboard.health;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.switchboard.backplane.Backplane;
import io.switchboard.hub.Lifecycle;

/**
 * Whether this node takes new clients: while the backplane is reachable and the node is not
 * draining (shutting down). Its open connections are served either way.
 */
@Singleton
public class NodeStatus {

    @Inject
    Backplane backplane;

    @Inject
    Lifecycle lifecycle;

    public boolean reachable() {
        return backplane.reachable();
    }

    public boolean draining() {
        return lifecycle.draining();
    }

    public boolean ready() {
        return reachable() && !draining();
    }

    /** This node's backplane id. */
    public String node() {
        return backplane.nodeId();
    }
}
