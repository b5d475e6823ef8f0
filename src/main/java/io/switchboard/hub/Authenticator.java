package io.switchboard.hub;

import io.smallrye.mutiny.Uni;

/**
 * Checks connection tokens for the hub and watches their expiry. Transports verify the token that
 * came with a connection ({@code ?token=}, {@code Authorization}, a Socket.IO CONNECT {@code auth}
 * payload) with {@link #authenticate} and hand the result to {@link Hub#connect(Session, boolean,
 * Principal)}; {@code auth} frames on a connected client go through the hub to the same method.
 */
public interface Authenticator {

    /**
     * Verifies {@code token}. Completes with the principal it names, or fails with an exception
     * whose message says why (for an {@code unauthorized} error). May complete on another thread.
     */
    Uni<Principal> authenticate(String token);

    /**
     * Whether the server checks tokens at all. When it does not, {@code auth} frames are answered
     * without a check and confer nothing.
     */
    boolean enabled();

    /**
     * {@code client} has a new principal (it connected or refreshed its token): warn it before the
     * token expires and close it when it has. Called on the client's lane.
     */
    void watch(Client client);

    /** {@code client} disconnected: stop watching it. */
    void forget(Client client);
}
