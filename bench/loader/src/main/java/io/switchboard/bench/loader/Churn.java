package io.switchboard.bench.loader;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection churn: workers connect to the chat, send {@code hello}, wait for the {@code welcome}, close
 * (closing handshake both ways) and start over, while observers stay connected and count the
 * {@code client:connected} / {@code client:disconnected} notices. Every cycle is checked: it counts only
 * when the upgrade was accepted, the welcome came and close frames went both ways. At the end, once the
 * workers have stopped and the notices have drained, each observer must have received exactly one connect
 * and one disconnect notice per worker connection that was upgraded.
 *
 * <p>Workers on plain WebSocket use {@link LeanConn}, which keeps the loader's own cost per connection
 * small; Socket.IO workers go through {@link Conn} (their namespace ack is the hello).
 */
final class Churn {

    private static final byte[] DISCONNECTED = "disconnected".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTED = "connected".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "\"welcome\"".getBytes(StandardCharsets.US_ASCII);
    /** Longest a worker's cycle may take before it counts as failed. */
    private static final long CYCLE_TIMEOUT_MS = 10_000;

    private final Bench b;
    private final Options o;

    /** Every counter of one run. */
    private static final class Counts {
        final LongAdder cycles = new LongAdder();
        final LongAdder failures = new LongAdder();
        /** Worker connections the server accepted (upgraded): each makes one connect and one disconnect notice. */
        final LongAdder upgraded = new LongAdder();
        final LongAdder connectNotices = new LongAdder();
        final LongAdder disconnectNotices = new LongAdder();
        final Map<String, Integer> failureReasons = new TreeMap<>();
        final AtomicLong counter = new AtomicLong();
        volatile boolean running = true;

        synchronized void failed(String why) {
            failures.increment();
            failureReasons.merge(why == null ? "unknown" : why.replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
    }

    /** One observer's notice counts; written on its event loop only. */
    private static final class Observer implements Conn.Listener, LeanConn.Handler {
        final Counts counts;
        final CountDownLatch open = new CountDownLatch(1);
        volatile LeanConn lean;
        volatile long connects;
        volatile long disconnects;

        Observer(Counts counts) {
            this.counts = counts;
        }

        @Override
        public void onText(Conn c, ByteBuf text) {
            count(text);
        }

        @Override
        public void opened(LeanConn conn) {
            lean = conn;
            open.countDown();
        }

        @Override
        public void text(LeanConn conn, ByteBuf text) {
            count(text);
        }

        @Override
        public void ended(LeanConn conn) {
            open.countDown();
        }

        private void count(ByteBuf text) {
            if (Marker.contains(text, DISCONNECTED)) {
                disconnects++;
                counts.disconnectNotices.increment();
            } else if (Marker.contains(text, CONNECTED)) {
                connects++;
                counts.connectNotices.increment();
            }
        }
    }

    Churn(Bench b) {
        this.b = b;
        this.o = b.o;
    }

    List<Map<String, Object>> run(Peer peer) throws Exception {
        List<Conn> observerConns = new ArrayList<>();
        List<LeanConn> leanObservers = new ArrayList<>();
        try (Peer.Running r = b.start(peer, "churn")) {
            r.awaitReady(b.net, 60_000);
            Counts n = new Counts();
            List<Target> targets = r.chatTargets();
            List<Observer> observers = new ArrayList<>();
            for (int i = 0; i < o.churnObservers; i++) {
                Target t = targets.get(i % targets.size());
                Observer obs = new Observer(n);
                if (t.socketIo()) {
                    List<Conn> c = b.net.connectMany(List.of(t), 1, List.of(), 1, obs, new AtomicInteger());
                    observerConns.addAll(c);
                    if (!c.isEmpty()) {
                        observers.add(obs);
                    }
                } else {
                    LeanConn.open(b.net.group.next(), new LeanConn.Endpoint(t.uri()), null, 0, obs);
                    obs.open.await(20, TimeUnit.SECONDS);
                    if (obs.lean != null) {
                        observers.add(obs);
                        leanObservers.add(obs.lean);
                    }
                }
            }
            // the observers' notices about each other: counted before the workers start, then left out
            awaitQuiet(n, 5_000);
            long[] base = new long[observers.size() * 2];
            for (int i = 0; i < observers.size(); i++) {
                base[2 * i] = observers.get(i).connects;
                base[2 * i + 1] = observers.get(i).disconnects;
            }

            List<String> sources = Bench.sources(16);
            CountDownLatch stopped = new CountDownLatch(o.churnConcurrency);
            for (int w = 0; w < o.churnConcurrency; w++) {
                Target t = targets.get(w % targets.size());
                EventLoop loop = b.net.group.next();
                if (t.socketIo()) {
                    socketIoCycle(t, sources, n, stopped);
                } else {
                    LeanConn.Endpoint endpoint = new LeanConn.Endpoint(t.uri());
                    loop.execute(() -> leanCycle(loop, endpoint, sources, n, stopped));
                }
            }
            // Warm-up: the same number of cycles for every peer (a JIT compiles what it has run often enough),
            // or until the time cap.
            long w0 = System.nanoTime();
            long warmupEnd = w0 + o.churnWarmupMaxSeconds * 1_000_000_000L;
            while (n.cycles.sum() + n.failures.sum() < o.churnWarmupCycles && System.nanoTime() < warmupEnd) {
                Peer.sleep(20);
            }
            double warmupSeconds = (System.nanoTime() - w0) / 1e9;
            long c0 = n.cycles.sum();
            long n0 = n.connectNotices.sum();
            long d0 = n.disconnectNotices.sum();
            long f0 = n.failures.sum();
            Proc.CpuWatch cpu = new Proc.CpuWatch(r.pids());
            long t0 = System.nanoTime();
            Peer.sleep(o.churnSeconds * 1000L);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long c = n.cycles.sum() - c0;
            long nc = n.connectNotices.sum() - n0;
            long nd = n.disconnectNotices.sum() - d0;
            long f = n.failures.sum() - f0;
            double[] cpuPct = cpu.stop();
            n.running = false;
            Bench.alive(r);
            boolean allStopped = stopped.await(CYCLE_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
            awaitQuiet(n, 10_000);

            long expected = n.upgraded.sum();
            long missing = 0;
            long extra = 0;
            for (int i = 0; i < observers.size(); i++) {
                for (long got : new long[] {observers.get(i).connects - base[2 * i], observers.get(i).disconnects - base[2 * i + 1]}) {
                    missing += Math.max(0, expected - got);
                    extra += Math.max(0, got - expected);
                }
            }
            Map<String, Object> row = Bench.row(peer);
            row.put("concurrency", o.churnConcurrency);
            row.put("observers", observers.size());
            row.put("warmupCycles", c0);
            row.put("warmupSeconds", Bench.round(warmupSeconds));
            row.put("warmupCyclesPerSec", Bench.round(c0 / warmupSeconds));
            row.put("cyclesPerSec", Bench.round(c / seconds));
            row.put("connectsPerSec", Bench.round(c / seconds));
            row.put("disconnectsPerSec", Bench.round(c / seconds));
            row.put("failedCycles", f);
            row.put("connectNoticesPerObserverPerCycle", Bench.round(observers.isEmpty() || c == 0 ? 0 : nc / (double) observers.size() / c));
            row.put("disconnectNoticesPerObserverPerCycle", Bench.round(observers.isEmpty() || c == 0 ? 0 : nd / (double) observers.size() / c));
            row.put("noticesPerSec", Bench.round((nc + nd) / seconds));
            row.put("serverCpuUsPerCycle", Bench.round(c == 0 ? -1 : cpuPct[0] / 100 * seconds * 1e6 / c));
            row.put("loaderCpuUsPerCycle", Bench.round(c == 0 ? -1 : cpuPct[1] / 100 * seconds * 1e6 / c));
            row.put("workerConnections", expected);
            row.put("totalFailedCycles", n.failures.sum());
            row.put("noticesMissing", missing);
            row.put("noticesExtra", extra);
            if (!n.failureReasons.isEmpty()) {
                row.put("failureReasons", new TreeMap<>(n.failureReasons));
            }
            if (!allStopped) {
                row.put("workersStillRunning", stopped.getCount());
            }
            Bench.putCpu(row, cpuPct);
            Bench.log(String.format("   warm-up: %d cycles in %s s (%s cycles/s)", c0, row.get("warmupSeconds"),
                    row.get("warmupCyclesPerSec")));
            Bench.log(String.format("   %.0f connect+disconnect cycles/s, notices/observer/cycle %s + %s, failed %s; "
                    + "whole run: %d connections, notices missing %d, extra %d; server %s µs, loader %s µs CPU per cycle",
                    (double) row.get("cyclesPerSec"), row.get("connectNoticesPerObserverPerCycle"),
                    row.get("disconnectNoticesPerObserverPerCycle"), row.get("failedCycles"), expected, missing, extra,
                    row.get("serverCpuUsPerCycle"), row.get("loaderCpuUsPerCycle")));
            if (!n.failureReasons.isEmpty()) {
                Bench.log("   failures: " + n.failureReasons);
            }
            return List.of(row);
        } finally {
            Net.closeAll(observerConns);
            leanObservers.forEach(LeanConn::closeNow);
        }
    }

    /** Waits until no notice has arrived for 300 ms, or {@code maxMs}. */
    private static void awaitQuiet(Counts n, long maxMs) {
        long deadline = System.currentTimeMillis() + maxMs;
        long last = -1;
        while (System.currentTimeMillis() < deadline) {
            long now = n.connectNotices.sum() + n.disconnectNotices.sum();
            if (now == last) {
                return;
            }
            last = now;
            Peer.sleep(300);
        }
    }

    private static InetSocketAddress source(List<String> sources, long k) {
        return new InetSocketAddress(sources.get((int) (k % sources.size())), 0);
    }

    /** One cycle on a lean connection; the next starts on the same event loop when this one has ended. */
    private void leanCycle(EventLoop loop, LeanConn.Endpoint endpoint, List<String> sources, Counts n, CountDownLatch stopped) {
        if (!n.running) {
            stopped.countDown();
            return;
        }
        LeanConn.open(loop, endpoint, source(sources, n.counter.incrementAndGet()), CYCLE_TIMEOUT_MS, new LeanConn.Handler() {
            @Override
            public void opened(LeanConn conn) {
                n.upgraded.increment();
                conn.send(HELLO);
            }

            @Override
            public void text(LeanConn conn, ByteBuf text) {
                if (!conn.welcomed && Marker.contains(text, WELCOME)) {
                    conn.welcomed = true;
                    conn.close();
                }
            }

            @Override
            public void ended(LeanConn conn) {
                if (conn.welcomed && conn.closedCleanly()) {
                    n.cycles.increment();
                } else {
                    n.failed(conn.welcomed ? conn.failure : "no welcome: " + conn.failure);
                }
                leanCycle(loop, endpoint, sources, n, stopped);
            }
        });
    }

    private static final ByteBuf HELLO = LeanConn.text(HubText.hello(1));

    /** One Socket.IO cycle: the namespace ack (awaited by {@link Conn#ready}) is the hello. */
    private void socketIoCycle(Target t, List<String> sources, Counts n, CountDownLatch stopped) {
        if (!n.running) {
            stopped.countDown();
            return;
        }
        long k = n.counter.incrementAndGet();
        Conn c = b.net.connect(t, sources.get((int) (k % sources.size())), Bench.IGNORE);
        c.ready.thenAccept(conn -> {
            n.upgraded.increment();
            conn.closeGracefully();
        });
        c.closed.thenRun(() -> {
            if (c.ready.isDone() && !c.ready.isCompletedExceptionally()) {
                n.cycles.increment();
            } else {
                n.failed("not ready");
                Peer.sleep(5);
            }
            socketIoCycle(t, sources, n, stopped);
        });
    }
}
