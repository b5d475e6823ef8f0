package io.switchboard.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.switchboard.hub.Lane;

/**
 * A Netty event loop as a lane: everything about a session (its packets, timers and writes) runs
 * on that loop. Socket.IO sessions use it as it is (the loop their first request came in on,
 * whichever connection a later request uses); {@link NettyLane} adds the hub's keep-alive.
 *
 * <p>The WebSocket write path of both: frames are encoded once per lane ({@link #wire}) and written
 * to each socket as shared bytes; writes made on the loop are not flushed one by one: the lane
 * remembers which writers have unflushed frames and flushes each of them once, in a task queued
 * behind the current work, so a burst of publishes reaches a socket in one system call. All state
 * is confined to the loop's thread.
 */
public class LoopLane implements Lane {
    /** Wire forms kept at once: a fan-out alternating between a few (a packet and its attachment). */
    private static final int WIRES = 4;

    /** Something with writes to flush, such as one socket. */
    public interface Writer {
        /** Flushes what was written; called on the lane. */
        void flush();
    }

    /** The loop this lane runs on. */
    protected final EventLoop loop;
    private final List<Writer> dirty = new ArrayList<>();
    private final Runnable flush = this::flushAll;
    private boolean flushQueued;
    /** The last values encoded on this lane and their wire forms, shared by every socket they go to. */
    private final Object[] wireSources = new Object[WIRES];
    private final ByteBuf[] wires = new ByteBuf[WIRES];
    private int nextWire;

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

    /**
     * The complete WebSocket frame for {@code source} ({@code encode} makes it), encoded once per
     * lane and shared: a fan-out writes the same bytes to each socket of the lane without copying.
     * {@code source} is compared by identity and must not change. The caller writes
     * {@code retainedDuplicate()}s; the lane drops its own reference after its next flush (or when
     * other values take the place). Called on the lane.
     */
    public <T> ByteBuf wire(T source, ByteBufAllocator alloc, BiFunction<T, ByteBufAllocator, ByteBuf> encode) {
        for (int i = 0; i < WIRES; i++) {
            if (wireSources[i] == source) {
                return wires[i];
            }
        }
        int at = nextWire;
        nextWire = (at + 1) % WIRES;
        if (wires[at] != null) {
            wires[at].release();
        }
        ByteBuf wire = encode.apply(source, alloc);
        wires[at] = wire;
        wireSources[at] = source;
        queueFlush();
        return wire;
    }

    /**
     * Flushes {@code writer} after the current work, together with every other writer of the
     * lane. Called on the lane, once until the writer's {@link Writer#flush} has run (the writer
     * remembers that it asked).
     */
    public void flushLater(Writer writer) {
        dirty.add(writer);
        queueFlush();
    }

    private void queueFlush() {
        if (!flushQueued) {
            flushQueued = true;
            loop.execute(flush);
        }
    }

    private void flushAll() {
        flushQueued = false;
        for (int i = 0; i < WIRES; i++) {
            if (wires[i] != null) {
                wires[i].release();
                wires[i] = null;
                wireSources[i] = null;
            }
        }
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }
}
