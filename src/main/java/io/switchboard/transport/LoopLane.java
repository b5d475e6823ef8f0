package io.switchboard.transport;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.switchboard.hub.Lane;

/**
 * A Netty event loop as a lane: everything about a session (its packets, timers and writes) runs
 * on that loop. Socket.IO sessions use it as it is (the loop their first request came in on,
 * whichever connection a later request uses); {@link NettyLane} adds the WebSocket write path.
 */
public class LoopLane implements Lane {
    /** The loop this lane runs on. */
    protected final EventLoop loop;

    public LoopLane(EventLoop loop) {
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
    public void run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
