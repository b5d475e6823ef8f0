package io.switchboard.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * The lane of hub WebSocket sessions: a {@link LoopLane} that also runs each session's keep-alive
 * timer. All state is confined to the loop's thread.
 */
final class NettyLane extends LoopLane {
    private final KeepAlive keepAlive;

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
}
