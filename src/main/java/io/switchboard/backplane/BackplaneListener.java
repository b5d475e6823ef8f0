package io.switchboard.backplane;

import io.switchboard.protocol.Frame;

/**
 * Receives what the backplane delivers to this node. Registered once by the hub; the backplane
 * never calls transports directly.
 */
public interface BackplaneListener {

    /**
     * A frame published on any node (this one included) for {@code target}. Called on any thread;
     * must not block.
     */
    void deliver(Target target, Frame frame);

    /**
     * {@code client} is to be disconnected with {@code reason}; a node that does not hold it does
     * nothing. Called on any thread; must not block.
     */
    void kick(long client, String reason);
}
