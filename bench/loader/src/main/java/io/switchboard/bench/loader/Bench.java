package io.switchboard.bench.loader;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs every scenario against every peer, interleaved (scenario by scenario, each peer freshly started),
 * and collects one row of numbers per measurement.
 */
final class Bench {

    final Options o;
    final Net net;
    private final Map<String, Peer> peers;
    final Path logs;
    private int nextPort;
    final Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();

    Bench(Options o, Net net, Map<String, Peer> peers) throws IOException {
        this.o = o;
        this.net = net;
        this.peers = peers;
        this.logs = o.out.resolve("logs");
        Files.createDirectories(logs);
        nextPort = o.basePort;
    }

    void runAll() throws Exception {
        for (String scenario : o.scenarios) {
            List<Map<String, Object>> rows = new ArrayList<>();
            results.put(scenario, rows);
            if (scenario.equals("history")) {
                Peer sb = peers.get("switchboard");
                if (sb == null || !o.peers.contains("switchboard")) {
                    log("skipping history: it measures Switchboard with and without history");
                    continue;
                }
                log("== history / switchboard, history on and off interleaved (" + elapsed() + ")");
                attempt(rows, sb, () -> new Rooms(this).history(sb));
                continue;
            }
            // Paced latency swings with the machine from one minute to the next: several rounds, the peers
            // interleaved in each, so that each round's ratios compare peers measured moments apart.
            int rounds = scenario.equals("paced") ? o.pacedRounds : 1;
            for (int round = 1; round <= rounds; round++) {
                for (String name : o.peers) {
                    Peer peer = peers.get(name);
                    if (peer == null) {
                        if (round == 1) {
                            log("skipping unknown or unavailable peer " + name);
                        }
                        continue;
                    }
                    if (!peer.scenarios.contains(scenario) || o.smoke && name.equals("c-epoll") && !scenario.equals("paced")) {
                        continue; // in a smoke run the yardstick only runs where its target is
                    }
                    log("== " + scenario + " / " + name + (rounds > 1 ? ", round " + round : "") + " (" + elapsed() + ")");
                    int from = rows.size();
                    attempt(rows, peer, () -> run(scenario, peer));
                    if (rounds > 1) {
                        for (Map<String, Object> row : rows.subList(from, rows.size())) {
                            row.put("round", round);
                        }
                    }
                }
            }
        }
    }

    private final long t0 = System.nanoTime();

    private String elapsed() {
        return "at " + (System.nanoTime() - t0) / 1_000_000_000L + " s";
    }

    private interface Scenario {
        List<Map<String, Object>> run() throws Exception;
    }

    /** Runs one peer's part of a scenario; a failure becomes an error row (retried once if killed from outside). */
    private void attempt(List<Map<String, Object>> rows, Peer peer, Scenario scenario) {
        for (int attempt = 1; ; attempt++) {
            try {
                rows.addAll(scenario.run());
                return;
            } catch (NotApplicable e) {
                rows.add(notApplicable(peer, e.getMessage(), e.features));
                return;
            } catch (Exception e) {
                log("   FAILED: " + e);
                if (attempt == 1 && String.valueOf(e.getMessage()).contains("from outside")) {
                    log("   retrying once");
                    continue;
                }
                Map<String, Object> row = row(peer);
                row.put("error", String.valueOf(e.getMessage()));
                rows.add(row);
                return;
            }
        }
    }

    private final Map<String, Features> features = new java.util.HashMap<>();

    /** What the running server does of the hub protocol; probed once per peer (and variant) per run. */
    Features features(Peer.Running r) throws Exception {
        String key = r.peer.name + r.peer.extraJvmArgs;
        Features f = features.get(key);
        if (f == null) {
            f = Features.probe(net, r.publisherTarget());
            features.put(key, f);
        }
        return f;
    }

    /** Thrown when the server lacks a feature a scenario needs: reported as a row, not as an error. */
    static final class NotApplicable extends Exception {
        final transient Features features;

        NotApplicable(String why, Features features) {
            super(why);
            this.features = features;
        }
    }

    /** Waits until {@code r} accepts connections and checks that it has what {@code scenario} needs. */
    Features require(Peer.Running r, String scenario) throws Exception {
        r.awaitReady(net, 60_000);
        Features f = features(r);
        String why = f.missingFor(scenario);
        if (why != null) {
            throw new NotApplicable(why, f);
        }
        return f;
    }

    /** What an earlier scenario of this run found out about {@code peer}, or null. */
    Features known(Peer peer) {
        return features.get(peer.name + peer.extraJvmArgs);
    }

    private List<Map<String, Object>> run(String scenario, Peer peer) throws Exception {
        Features known = known(peer);
        String missing = known == null ? null : known.missingFor(scenario);
        if (missing != null) {
            throw new NotApplicable(missing, known); // known from an earlier scenario: no need to start it
        }
        return switch (scenario) {
            case "startup" -> startup(peer);
            case "fanout" -> fanout(peer);
            case "paced" -> paced(peer);
            case "echo" -> echo(peer);
            case "churn" -> new Churn(this).run(peer);
            case "idle" -> new Idle(this).run(peer);
            case "storm" -> new Storm(this).run(peer);
            case "bigroom" -> new Rooms(this).bigRoom(peer);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    /** A row saying why {@code peer} did not run a scenario (a server feature it lacks). */
    static Map<String, Object> notApplicable(Peer peer, String why, Features f) {
        Map<String, Object> row = row(peer);
        row.put("notApplicable", why);
        f.describe(row);
        log("   " + why);
        return row;
    }

    /** Starts a peer for one scenario; a peer that dies while measured fails the scenario (see {@link #alive}). */
    Peer.Running start(Peer peer, String tag) throws IOException {
        Peer.Running r = peer.start(port(peer), logs, tag);
        if (o.profile) {
            r.jfrDump = logs.resolve(peer.name + "-" + tag);
        }
        return r;
    }

    /**
     * Waits (at most 10 s) until the server and the loader both use less than a tenth of a core over
     * 300 ms: what a warm-up made their JIT compilers busy with is compiled before anything is measured.
     */
    static void settle(Peer.Running r) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Proc.CpuWatch cpu = new Proc.CpuWatch(r.pids());
            Peer.sleep(300);
            double[] pct = cpu.stop();
            if (pct[0] < 10 && pct[1] < 10) {
                return;
            }
        }
    }

    static void alive(Peer.Running r) {
        String death = r.death();
        if (death != null) {
            throw new IllegalStateException(death);
        }
    }

    // ---------------------------------------------------------------- startup

    private List<Map<String, Object>> startup(Peer peer) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < o.startupRepeats; i++) {
            try (Peer.Running r = peer.start(port(peer), logs, "startup" + i)) {
                long nanos = r.awaitReady(net, 60_000);
                long rssAtReady = r.rssKb();
                Peer.sleep(1000);
                Map<String, Object> row = row(peer);
                row.put("run", i + 1);
                row.put("startToFirstConnectionMs", round(nanos / 1e6));
                row.put("rssAtFirstConnectionMiB", round(rssAtReady / 1024.0));
                row.put("rssOneSecondLaterMiB", round(r.rssKb() / 1024.0));
                rows.add(row);
                log("   start-to-first-connection " + row.get("startToFirstConnectionMs") + " ms, RSS "
                        + row.get("rssOneSecondLaterMiB") + " MiB");
                if (i == 0 && peer.scenarios.contains("storm") && o.scenarios.stream().anyMatch(Peer.ROOMS_ONLY::contains)) {
                    features(r); // probed once here, after the measurement, instead of in a start of its own later
                }
            }
            Peer.sleep(300);
        }
        return rows;
    }

    // ---------------------------------------------------------------- fan-out

    /** One measured burst: per-sequence delivery counters shared by all subscribers. */
    /**
     * One measured burst. Each loader thread counts what its connections receive in a {@link Tally} of
     * its own, so the threads never write to the same memory (the counters of one message, hit by every
     * subscriber at once, bounced between the cores before); the sums are taken when read.
     */
    private static final class Round {
        final int id;
        final int n;
        final int m;
        private final List<Tally> tallies = new CopyOnWriteArrayList<>();
        /** Messages that every subscriber has, counted from the first; see {@link #completed()}. */
        private int completed;

        Round(int id, int n, int m) {
            this.id = id;
            this.n = n;
            this.m = m;
        }

        /** The calling thread's tally, made on its first delivery of the round. */
        Tally tally() {
            Thread self = Thread.currentThread();
            for (Tally t : tallies) {
                if (t.thread == self) {
                    return t;
                }
            }
            Tally t = new Tally(self, m);
            tallies.add(t);
            return t;
        }

        /**
         * How many messages, from the first on, every subscriber has received. Each socket receives in
         * order, so a message that every subscriber has follows only such messages.
         */
        synchronized int completed() {
            while (completed < m && received(completed) >= n) {
                completed++;
            }
            return completed;
        }

        private int received(int seq) {
            int c = 0;
            for (Tally t : tallies) {
                c += t.perSeq.get(seq);
            }
            return c;
        }

        long delivered() {
            return tallies.stream().mapToLong(t -> t.delivered.get()).sum();
        }

        /** Deliveries of a message beyond one per subscriber. */
        long duplicates() {
            return IntStream.range(0, m).mapToLong(seq -> Math.max(0, received(seq) - n)).sum();
        }

        long reordered() {
            return tallies.stream().mapToLong(t -> t.reordered.get()).sum();
        }

        long lastDelivery() {
            return tallies.stream().mapToLong(t -> t.lastDelivery.get()).max().orElse(0);
        }
    }

    /** One loader thread's counts of a round: written by that thread only (ordered stores), read by any. */
    static final class Tally {
        final Thread thread;
        final AtomicIntegerArray perSeq;
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong reordered = new AtomicLong();
        final AtomicLong lastDelivery = new AtomicLong();

        Tally(Thread thread, int m) {
            this.thread = thread;
            this.perSeq = new AtomicIntegerArray(m);
        }
    }

    private final LongAdder framesSeen = new LongAdder();
    private volatile Round round;
    private int roundIds;

    /** Counts burst deliveries (marker 'B') per message; shared by every subscriber of a fan-out. */
    final Conn.Listener subscriber = new Conn.Listener() {
        @Override
        public void onText(Conn conn, ByteBuf text) {
            framesSeen.increment();
            int at = Marker.find(text, (byte) 'B');
            Round r = round;
            if (at < 0 || r == null) {
                return;
            }
            int[] nx = new int[1];
            long id = Marker.number(text, at, nx);
            if (id != r.id) {
                return;
            }
            int seq = (int) Marker.number(text, nx[0], nx);
            if (seq < 0 || seq >= r.m) {
                return;
            }
            if (conn.tag != r.id) {
                conn.tag = r.id;
                conn.lastSeq = -1;
                conn.tally = r.tally();
            }
            Tally t = conn.tally;
            if (seq <= conn.lastSeq) {
                t.reordered.lazySet(t.reordered.get() + 1);
            }
            conn.lastSeq = seq;
            t.perSeq.lazySet(seq, t.perSeq.get(seq) + 1);
            t.delivered.lazySet(t.delivered.get() + 1);
            t.lastDelivery.lazySet(System.nanoTime());
        }
    };

    static final Conn.Listener IGNORE = new Conn.Listener() { };

    /** The server, loader and machine CPU columns every row carries (percent of one core). */
    static void putCpu(Map<String, Object> row, double[] cpuPct) {
        row.put("serverCpuPct", round(cpuPct[0]));
        row.put("loaderCpuPct", round(cpuPct[1]));
        row.put("machineCpuPct", round(cpuPct[2]));
    }

    /** Waits until {@code r} accepts connections, then opens the publisher's connection. */
    Conn publisher(Peer.Running r) throws Exception {
        return publisher(r, r.publisherTarget());
    }

    /** Waits until {@code r} accepts connections, then opens a publisher's connection to {@code target}. */
    Conn publisher(Peer.Running r, Target target) throws Exception {
        r.awaitReady(net, 60_000);
        Conn pub = net.connect(target, null, IGNORE);
        pub.ready.get(20, TimeUnit.SECONDS);
        return pub;
    }

    private List<Map<String, Object>> fanout(Peer peer) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Conn> subs = new ArrayList<>();
        try (Peer.Running r = start(peer, "fanout")) {
            Conn pub = publisher(r);
            for (int n : o.fanoutSubscribers) {
                AtomicInteger failed = new AtomicInteger();
                subs.addAll(net.connectMany(r.chatTargets(), n - subs.size(), sources(8), 200, subscriber, failed));
                waitQuiet(60_000);
                if (subs.size() < n) {
                    log("   only " + subs.size() + " of " + n + " subscribers connected");
                }
                // warm-up bursts (not reported): same shapes, a third of the messages; one per size,
                // since a frame length past 125 bytes takes other code paths to compile on both ends.
                // Long enough for the loader's own JIT too, which starts cold with the first peer.
                for (int size : o.fanoutSizes) {
                    burst(r, pub, subs.size(), size, messages(n) / 3 + 1, pub.target::broadcast);
                }
                alive(r);
                settle(r);
                for (int size : o.fanoutSizes) {
                    Map<String, Object> row = burst(r, pub, subs.size(), size, messages(n), pub.target::broadcast);
                    alive(r);
                    row.put("subscribersRequested", n);
                    rows.add(row);
                    log(String.format("   N=%d %dB: %.0f deliveries/s, lost %s, server CPU %s%%, loader CPU %s%%",
                            subs.size(), size, (double) row.get("deliveriesPerSec"), row.get("lost"),
                            row.get("serverCpuPct"), row.get("loaderCpuPct")));
                }
            }
        } finally {
            Net.closeAll(subs);
            round = null;
        }
        return rows;
    }

    private int messages(int n) {
        return (int) Math.max(10, o.fanoutDeliveries / n);
    }

    /**
     * One measured burst: {@code m} messages of {@code size} bytes, each framed by {@code frame} around its
     * payload, that each of {@code n} subscribers (listening with {@link #subscriber}) must receive.
     */
    Map<String, Object> burst(Peer.Running r, Conn pub, int n, int size, int m, java.util.function.UnaryOperator<String> frame) {
        return burst(r, pub, n, size, m, (int) Math.max(4, o.fanoutWindowDeliveries / Math.max(1, n)), frame);
    }

    /** {@link #burst} with at most {@code window} messages in flight (sent and not yet received by every subscriber). */
    Map<String, Object> burst(Peer.Running r, Conn pub, int n, int size, int m, int window,
            java.util.function.UnaryOperator<String> frame) {
        Round rd = new Round(++roundIds, n, m);
        round = rd;
        int padding = Math.max(0, size - frame.apply("").length());
        AtomicInteger sent = new AtomicInteger();
        Proc.CpuWatch cpu = new Proc.CpuWatch(r.pids());
        Proc.CpuWatch redisCpu = r.sidecarPid() < 0 ? null : new Proc.CpuWatch(new long[] {r.sidecarPid()});
        long start = System.nanoTime();
        Thread publisher = new Thread(() -> {
            long stopAt = System.nanoTime() + o.fanoutMaxSeconds * 1_000_000_000L;
            for (int seq = 0; seq < m; seq++) {
                if (System.nanoTime() > stopAt) {
                    return; // time budget spent: the row reports what was sent
                }
                while ((seq - rd.completed() >= window || !pub.channel.isWritable()) && round == rd) {
                    LockSupport.parkNanos(50_000);
                }
                if (round != rd || !pub.isOpen()) {
                    return;
                }
                pub.send(frame.apply(Marker.make('B', rd.id, seq, padding)));
                sent.incrementAndGet();
            }
        }, "publisher");
        publisher.setDaemon(true);
        publisher.start();
        long lastCount = -1;
        long lastChange = System.nanoTime();
        boolean stalled = false;
        while (rd.completed() < m && !(publisher.getState() == Thread.State.TERMINATED && rd.completed() >= sent.get())) {
            Peer.sleep(10);
            long d = rd.delivered();
            if (d != lastCount) {
                lastCount = d;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > o.stallMillis * 1_000_000L) {
                stalled = true;
                break;
            }
        }
        double[] cpuPct = cpu.stop();
        Double redisPct = redisCpu == null ? null : round(redisCpu.stop()[0]);
        round = null; // stops the publisher if it was blocked on the window
        try {
            publisher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long end = rd.lastDelivery() == 0 ? System.nanoTime() : rd.lastDelivery();
        long delivered = rd.delivered();
        long duplicates = rd.duplicates();
        long expected = (long) n * sent.get();
        double seconds = (end - start) / 1e9;
        Map<String, Object> row = row(r.peer);
        row.put("subscribers", n);
        row.put("payloadBytes", size);
        row.put("messages", m);
        row.put("sent", sent.get());
        row.put("expectedDeliveries", expected);
        row.put("deliveries", delivered);
        row.put("lost", Math.max(0, expected - (delivered - duplicates)));
        row.put("duplicates", duplicates);
        row.put("reordered", rd.reordered());
        row.put("stalled", stalled);
        row.put("seconds", round(seconds));
        row.put("deliveriesPerSec", round(delivered / Math.max(seconds, 1e-9)));
        putCpu(row, cpuPct);
        row.put("windowMessages", window);
        row.put("serverCpuSeconds", Math.round(cpu.serverSeconds() * 1000) / 1000.0);
        if (redisPct != null) {
            row.put("redisCpuPct", redisPct);
        }
        return row;
    }

    /** Waits until no frame has arrived for 500 ms (connect notices have drained). */
    void waitQuiet(long maxMs) {
        long deadline = System.currentTimeMillis() + maxMs;
        long last = -1;
        while (System.currentTimeMillis() < deadline) {
            long now = framesSeen.sum();
            if (now == last) {
                return;
            }
            last = now;
            Peer.sleep(500);
        }
    }

    // ---------------------------------------------------------------- paced latency

    private List<Map<String, Object>> paced(Peer peer) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Conn> subs = new ArrayList<>();
        try (Peer.Running r = start(peer, "paced")) {
            Conn pub = publisher(r);
            Recorder recorder = new Recorder(3);
            AtomicLong window = new AtomicLong(); // packed: measure start, end are set below
            long[] bounds = {Long.MAX_VALUE, Long.MAX_VALUE};
            LongAdder received = new LongAdder();
            AtomicInteger runId = new AtomicInteger();
            Conn.Listener latency = new Conn.Listener() {
                @Override
                public void onText(Conn conn, ByteBuf text) {
                    framesSeen.increment();
                    int at = Marker.find(text, (byte) 'P');
                    if (at < 0) {
                        return;
                    }
                    long now = System.nanoTime();
                    int[] nx = new int[1];
                    long id = Marker.number(text, at, nx);
                    long ts = Marker.number(text, nx[0], nx);
                    if (id != runId.get() || ts < bounds[0] || ts >= bounds[1]) {
                        return;
                    }
                    recorder.recordValue(Math.max(1, (now - ts) / 1000));
                    received.increment();
                }
            };
            AtomicInteger failed = new AtomicInteger();
            subs.addAll(net.connectMany(r.chatTargets(), o.pacedSubscribers, sources(8), 200, latency, failed));
            waitQuiet(60_000);
            int n = subs.size();
            for (int rate : o.pacedRates) {
                runId.incrementAndGet();
                double msgsPerSec = (double) rate / n;
                long interval = (long) (1e9 / msgsPerSec);
                long t0 = System.nanoTime() + 20_000_000L;
                bounds[0] = t0 + o.pacedWarmupSec * 1_000_000_000L;
                bounds[1] = bounds[0] + o.pacedSeconds * 1_000_000_000L;
                received.reset();
                recorder.reset();
                int padding = Math.max(0, 64 - pub.target.broadcastOverhead());
                long sentMeasured = 0;
                Proc.CpuWatch cpu = null;
                for (long i = 0; ; i++) {
                    long due = t0 + i * interval;
                    if (due >= bounds[1]) {
                        break;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (cpu == null && due >= bounds[0]) {
                        cpu = new Proc.CpuWatch(r.pids());
                    }
                    // the intended send time is embedded, so a stalled sender does not hide latency
                    pub.send(pub.target.broadcast(Marker.make('P', runId.get(), due, padding)));
                    if (due >= bounds[0]) {
                        sentMeasured++;
                    }
                }
                double[] cpuPct = cpu == null ? new double[] {-1, -1, -1} : cpu.stop();
                // drain: a server that fell behind gets until it stops making progress
                long last = -1;
                long lastChange = System.currentTimeMillis();
                while (received.sum() < sentMeasured * n && System.currentTimeMillis() - lastChange < o.stallMillis) {
                    long now = received.sum();
                    if (now != last) {
                        last = now;
                        lastChange = System.currentTimeMillis();
                    }
                    Peer.sleep(20);
                }
                alive(r);
                Histogram h = recorder.getIntervalHistogram();
                Map<String, Object> row = row(peer);
                row.put("subscribers", n);
                row.put("targetDeliveriesPerSec", rate);
                row.put("achievedDeliveriesPerSec", round(received.sum() / (double) o.pacedSeconds));
                row.put("expectedDeliveries", sentMeasured * n);
                row.put("deliveries", received.sum());
                row.put("lost", Math.max(0, sentMeasured * n - received.sum()));
                row.put("p50Ms", round(h.getValueAtPercentile(50) / 1000.0));
                row.put("p99Ms", round(h.getValueAtPercentile(99) / 1000.0));
                row.put("p999Ms", round(h.getValueAtPercentile(99.9) / 1000.0));
                row.put("maxMs", round(h.getMaxValue() / 1000.0));
                putCpu(row, cpuPct);
                rows.add(row);
                log(String.format("   %d deliveries/s: p50 %s ms p99 %s ms p99.9 %s ms max %s ms, lost %s, server CPU %s%%",
                        rate, row.get("p50Ms"), row.get("p99Ms"), row.get("p999Ms"), row.get("maxMs"), row.get("lost"),
                        row.get("serverCpuPct")));
                waitQuiet(10_000);
            }
        } finally {
            Net.closeAll(subs);
        }
        return rows;
    }

    // ---------------------------------------------------------------- echo

    private List<Map<String, Object>> echo(Peer peer) throws Exception {
        List<Conn> conns = new ArrayList<>();
        try (Peer.Running r = start(peer, "echo")) {
            r.awaitReady(net, 60_000);
            Recorder recorder = new Recorder(3);
            LongAdder count = new LongAdder();
            long[] measureFrom = {Long.MAX_VALUE};
            boolean[] running = {true};
            Conn.Listener echo = new Conn.Listener() {
                @Override
                public void onText(Conn conn, ByteBuf text) {
                    int at = Marker.find(text, (byte) 'E');
                    if (at < 0) {
                        return;
                    }
                    long now = System.nanoTime();
                    int[] nx = new int[1];
                    Marker.number(text, at, nx);
                    long ts = Marker.number(text, nx[0], nx);
                    if (ts >= measureFrom[0]) {
                        recorder.recordValue(Math.max(1, (now - ts) / 1000));
                        count.increment();
                    }
                    if (running[0]) {
                        conn.send(conn.target.echo(Marker.make('E', 0, System.nanoTime(), 64)));
                    }
                }
            };
            AtomicInteger failed = new AtomicInteger();
            conns.addAll(net.connectMany(r.echoTargets(), o.echoConcurrency, sources(4), 100, echo, failed));
            Peer.sleep(200);
            for (Conn c : conns) {
                c.send(c.target.echo(Marker.make('E', 0, System.nanoTime(), 64)));
            }
            Peer.sleep(Math.min(2000, o.echoSeconds * 250L));
            measureFrom[0] = System.nanoTime();
            recorder.reset();
            Proc.CpuWatch cpu = new Proc.CpuWatch(r.pids());
            Peer.sleep(o.echoSeconds * 1000L);
            double seconds = (System.nanoTime() - measureFrom[0]) / 1e9;
            long done = count.sum();
            double[] cpuPct = cpu.stop();
            running[0] = false;
            alive(r);
            Histogram h = recorder.getIntervalHistogram();
            Map<String, Object> row = row(peer);
            row.put("concurrency", conns.size());
            row.put("roundTripsPerSec", round(done / seconds));
            row.put("p50Ms", round(h.getValueAtPercentile(50) / 1000.0));
            row.put("p99Ms", round(h.getValueAtPercentile(99) / 1000.0));
            row.put("maxMs", round(h.getMaxValue() / 1000.0));
            putCpu(row, cpuPct);
            log(String.format("   %d in flight: %.0f round trips/s, p50 %s ms, p99 %s ms", conns.size(),
                    (double) row.get("roundTripsPerSec"), row.get("p50Ms"), row.get("p99Ms")));
            return List.of(row);
        } finally {
            Net.closeAll(conns);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ---------------------------------------------------------------- helpers

    int port(Peer peer) {
        int p = nextPort;
        nextPort += 2 + peer.instances;
        if (nextPort > 31_000) {
            nextPort = o.basePort;
        }
        return p;
    }

    /** Loopback source addresses 127.0.0.2 .. 127.0.0.(1+count): spreads client ports over several tuples. */
    static List<String> sources(int count) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            s.add("127.0.0." + (2 + i));
        }
        return s;
    }

    static Map<String, Object> row(Peer peer) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("peer", peer.name);
        return row;
    }

    static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return -1;
        }
        return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100.0;
    }

    static void log(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
