package io.switchboard.hub;

/**
 * One I/O thread and the sockets it owns. Fan-out groups recipients by lane so a publish costs one
 * hand-off per lane rather than one per recipient. Instances are canonical: one per thread.
 */
public interface Lane {

    /** Whether the calling thread is this lane's thread. */
    boolean inLane();

    /** Runs {@code task} on this lane's thread, after what is already queued. */
    void execute(Runnable task);
}
