package io.switchboard.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.switchboard.protocol.Frame;

/**
 * A lane on one Netty event loop. Writes made on the loop are not flushed one by one: the lane
 * remembers which sessions have unflushed frames and flushes each of them once, in a task queued
 * behind the current work, so a burst of publishes reaches a socket in one system call.
 * All state is confined to the loop's thread.
 */
final class NettyLane extends LoopLane {
    private final KeepAlive keepAlive;
    private final List<WsSession> dirty = new ArrayList<>();
    private final Runnable flush = this::flushAll;
    private boolean flushQueued;
    /** The last frame encoded on this lane and its wire form, shared by every socket it goes to. */
    private Frame wireFrame;
    private ByteBuf wire;

    NettyLane(EventLoop loop, KeepAlive keepAlive) {
        super(loop);
        this.keepAlive = keepAlive;
    }

    void opened(WsSession session) {
        session.keepAliveCheck = loop.schedule(new KeepAliveCheck(session), keepAlive.firstCheck(), TimeUnit.NANOSECONDS);
    }

    void closed(WsSession session) {
        ScheduledFuture<?> check = session.keepAliveCheck;
        session.keepAliveCheck = null;
        if (check != null) {
            check.cancel(false);
        }
    }

    /** One session's keep-alive timer: checks, then sets itself again for the next deadline. */
    private final class KeepAliveCheck implements Runnable {
        private final WsSession session;

        KeepAliveCheck(WsSession session) {
            this.session = session;
        }

        @Override
        public void run() {
            if (session.keepAliveCheck == null) {
                return;
            }
            long next = keepAlive.check(session, System.nanoTime());
            if (next >= 0 && session.keepAliveCheck != null) {
                session.keepAliveCheck = loop.schedule(this, next, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * The complete WebSocket frame (header and payload) for {@code frame}, encoded once per lane
     * and shared: a fan-out writes the same bytes to each socket of the lane without copying.
     * The caller writes {@code retainedDuplicate()}s; the lane drops its own reference on the
     * next frame or after the flush.
     */
    ByteBuf wire(Frame frame, ByteBufAllocator alloc) {
        if (wireFrame != frame) {
            releaseWire();
            wire = WireFrames.encode(frame, alloc);
            wireFrame = frame;
        }
        return wire;
    }

    private void releaseWire() {
        if (wire != null) {
            wire.release();
            wire = null;
            wireFrame = null;
        }
    }

    /** Called on the loop after a write that was not flushed. */
    void needsFlush(WsSession session) {
        if (!session.flushPending) {
            session.flushPending = true;
            dirty.add(session);
        }
        if (!flushQueued) {
            flushQueued = true;
            loop.execute(flush);
        }
    }

    private void flushAll() {
        flushQueued = false;
        releaseWire();
        for (int i = 0; i < dirty.size(); i++) {
            WsSession session = dirty.get(i);
            session.flushPending = false;
            session.flush();
        }
        dirty.clear();
    }
}
