package io.switchboard.transport.socketio;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.switchboard.hub.Lane;

/**
 * A Netty event loop as the lane of Socket.IO sessions: everything about one session (its packets,
 * timers and writes) runs on the loop its first request came in on, whichever connection a later
 * request uses.
 */
final class LoopLane implements Lane {
    private final EventLoop loop;

    LoopLane(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public boolean inLane() {
        return loop.inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** Runs {@code task} now if this is the lane's thread, otherwise after what is queued. */
    void run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
