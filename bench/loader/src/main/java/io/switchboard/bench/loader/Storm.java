package io.switchboard.bench.loader;

import io.netty.buffer.ByteBuf;
import java.io.BufferedReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reconnect storm: N {@code switchboard.v1} clients in loader child processes, each in two rooms, drop at
 * once and reconnect spread over about a second (as after a load balancer or network blip), each rejoining
 * its rooms with {@code since} (offset and epoch from the last {@code joined} / {@code message}) when the
 * server has history, or plainly when it has none. Measured: time from the drop until every client is
 * connected, and until every client has both rooms back (recovered), gaps and duplicates in the offsets
 * each client sees, failed connection attempts with their reasons (a failed attempt is retried with
 * exponential backoff and jitter, as client libraries do), and the server's peak RSS.
 */
final class Storm {

    private final Bench b;
    private final Options o;

    Storm(Bench b) {
        this.b = b;
        this.o = b.o;
    }

    /** The two rooms of client {@code g} out of {@code rooms}: always different. */
    static String[] roomsOf(int g, int rooms) {
        int first = g % rooms;
        int second = (first + 1 + (g / rooms) % (rooms - 1)) % rooms;
        return new String[] {"s" + first, "s" + second};
    }

    List<Map<String, Object>> run(Peer peer) throws Exception {
        List<Child> children = new ArrayList<>();
        try (Peer.Running r = b.start(peer, "storm")) {
            Features f = b.require(r, "storm");
            int n = o.stormClients;
            int rooms = Math.max(2, 2 * n / Math.max(2, o.stormRoomSize));
            int procs = Math.max(1, (n + o.stormPerProcess - 1) / o.stormPerProcess);
            Target target = r.publisherTarget().offering(Target.V1);
            for (int p = 0, first = 0; p < procs; p++) {
                int count = n / procs + (p < n % procs ? 1 : 0);
                children.add(Child.start("storm-child", List.of(target.uri().toString(), Integer.toString(count),
                        Integer.toString(first), Integer.toString(rooms), Integer.toString(o.stormWindowMs),
                        Boolean.toString(f.since()), "127.0.0." + (40 + 2 * p) + ",127.0.0." + (41 + 2 * p)),
                        b.logs.resolve(peer.name + "-storm-child" + p + ".err")));
                first += count;
            }
            int connected = 0;
            int failed = 0;
            for (Child c : children) {
                c.send("JOIN");
            }
            for (Child c : children) {
                String[] ready = c.expect("READY", 300_000).split(" ");
                connected += Integer.parseInt(ready[1]);
                failed += Integer.parseInt(ready[2]);
            }
            Bench.log(String.format("   %d clients connected, each in 2 of %d rooms (%d failed)", connected, rooms, failed));

            // the publisher is in every room; one message per room before the drop gives each room an offset
            Conn pub = b.publisher(r, target);
            PublisherReplies replies = new PublisherReplies();
            pub.listener = replies;
            joinAll(pub, replies, rooms);
            publishToAll(pub, rooms, 'S');
            long expected = 2L * connected;
            long got = 0;
            for (long deadline = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < deadline; Peer.sleep(100)) {
                got = 0;
                for (Child c : children) {
                    c.send("COUNT");
                    got += Long.parseLong(c.expect("COUNT", 10_000).split(" ")[1]);
                }
                if (got >= expected) {
                    break;
                }
            }
            if (got < expected) {
                Bench.log(String.format("   only %d of %d messages before the drop arrived; publisher errors: %s", got, expected,
                        replies.errors));
            }
            Peer.sleep(500);
            long rssBefore = r.rssKb();

            AtomicLong peak = new AtomicLong(rssBefore);
            CountDownLatch stop = new CountDownLatch(1);
            Thread sampler = new Thread(() -> {
                do {
                    peak.accumulateAndGet(r.rssKb(), Math::max);
                } while (!awaitQuietly(stop, 20));
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Proc.CpuWatch cpu = new Proc.CpuWatch(r.pids());
            Proc.CpuWatch childCpu = new Proc.CpuWatch(children.stream().mapToLong(Child::pid).toArray());
            long drop = System.nanoTime();
            for (Child c : children) {
                c.send("DROP");
            }
            // what clients miss while they are away: one more message per room, sent during the storm
            Peer.sleep(Math.max(50, o.stormWindowMs / 5));
            publishToAll(pub, rooms, 'T');
            long lastReady = 0;
            long lastDone = 0;
            long[] sums = new long[7];
            Map<String, Long> reasons = new TreeMap<>();
            for (Child c : children) {
                String[] d = c.expect("DONE", 300_000).split(" ");
                lastReady = Math.max(lastReady, Long.parseLong(d[1]));
                lastDone = Math.max(lastDone, Long.parseLong(d[2]));
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += Long.parseLong(d[3 + i]);
                }
                if (d.length > 10 && !d[10].isEmpty()) {
                    for (String kv : URLDecoder.decode(d[10], StandardCharsets.UTF_8).split("\n")) {
                        int eq = kv.lastIndexOf('=');
                        reasons.merge(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)), Long::sum);
                    }
                }
            }
            double[] cpuPct = cpu.stop();
            cpuPct[1] += childCpu.stop()[0]; // the loader is this process and its children
            stop.countDown();
            sampler.join(1_000);
            Bench.alive(r);
            pub.closeNow();

            Map<String, Object> row = Bench.row(peer);
            row.put("clients", connected);
            row.put("rooms", rooms);
            row.put("recovery", f.since() ? "since" : "plain rejoin (no history)");
            row.put("windowMs", o.stormWindowMs);
            row.put("reconnected", sums[0]);
            row.put("rejoinedBoth", sums[1]);
            row.put("recoveredBoth", f.since() ? sums[2] : null);
            row.put("allConnectedMs", sums[0] < connected ? -1 : Bench.round((lastReady - drop) / 1e6));
            row.put("allRecoveredMs", sums[1] < connected ? -1 : Bench.round((lastDone - drop) / 1e6));
            row.put("failedAttempts", sums[3]);
            row.put("failureReasons", reasons);
            row.put("gaps", f.history() ? sums[4] : null);
            row.put("duplicates", f.history() ? sums[5] : null);
            row.put("messagesAfterDrop", sums[6]);
            // one message per room was published during the storm: each client should see two
            row.put("missedDuringStorm", Math.max(0, expected - sums[6]));
            row.put("rssBeforeMiB", Bench.round(rssBefore / 1024.0));
            row.put("peakRssMiB", Bench.round(peak.get() / 1024.0));
            row.put("preDropDelivered", got);
            row.put("preDropExpected", expected);
            row.put("publisherErrors", new TreeMap<>(replies.errors));
            Bench.putCpu(row, cpuPct);
            f.describe(row);
            Bench.log(String.format("   drop of %d: all connected after %s ms, all rejoined%s after %s ms (%d of %d recovered),"
                            + " %d failed attempts %s, gaps %s, duplicates %s, peak RSS %s MiB (before %s MiB)", connected,
                    row.get("allConnectedMs"), f.since() ? " and recovered" : "", row.get("allRecoveredMs"), sums[2], connected,
                    sums[3], reasons, row.get("gaps"), row.get("duplicates"), row.get("peakRssMiB"), row.get("rssBeforeMiB")));
            return List.of(row);
        } finally {
            children.forEach(Child::close);
        }
    }

    /**
     * Joins the publisher to every room, {@link #JOIN_BATCH} at a time, each batch after the replies to the
     * previous one: a hub keeps at most 1 024 requests of a client waiting behind a join in progress and
     * answers the rest with an {@code unavailable} error (docs/protocol.md), so joins sent all at once would
     * leave the publisher out of some rooms, and their messages unpublished.
     */
    private static void joinAll(Conn pub, PublisherReplies replies, int rooms) {
        for (int from = 0; from < rooms; from += JOIN_BATCH) {
            int to = Math.min(rooms, from + JOIN_BATCH);
            for (int i = from; i < to; i++) {
                pub.write(HubText.join("s" + i, false, 1, null, 0));
            }
            pub.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (replies.joined.sum() + replies.errorCount() < to) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the publisher's joins were answered " + replies.joined.sum() + " of " + to
                            + " times in 60 s; errors: " + replies.errors);
                }
                Peer.sleep(5);
            }
            if (replies.errorCount() > 0) {
                throw new IllegalStateException("the publisher could not join every room: " + replies.errors);
            }
        }
    }

    /** Joins the publisher has in flight at most. */
    private static final int JOIN_BATCH = 256;

    /** What the server answers the publisher: {@code joined} replies, and {@code error} frames by code. */
    private static final class PublisherReplies implements Conn.Listener {
        final LongAdder joined = new LongAdder();
        final Map<String, Long> errors = new ConcurrentHashMap<>();

        @Override
        public void onText(Conn c, ByteBuf content) {
            String text = content.toString(StandardCharsets.UTF_8);
            if (HubText.is(text, "joined")) {
                joined.increment();
            } else if (HubText.is(text, "error")) {
                errors.merge(String.valueOf(HubText.string(text, "code")), 1L, Long::sum);
            }
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static void publishToAll(Conn pub, int rooms, char kind) {
        for (int i = 0; i < rooms; i++) {
            pub.write(HubText.publish("s" + i, Marker.make(kind, i, 0, 0)));
            if (i % 256 == 255) {
                pub.flush();
            }
        }
        pub.flush();
    }

    private static boolean awaitQuietly(CountDownLatch latch, long ms) {
        try {
            return latch.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    // ------------------------------------------------------------------ child side

    /**
     * {@code storm-child URI COUNT FIRST ROOMS WINDOW_MS SINCE SOURCES}: {@code JOIN} connects COUNT clients
     * (global indexes FIRST…) and joins each to its two rooms, answering {@code READY connected failed};
     * {@code COUNT} answers the messages received so far; {@code DROP} closes every socket at once and
     * reconnects each client after a random delay in [0, WINDOW_MS], answering when all are back:
     * {@code DONE lastReadyNanos lastDoneNanos reconnected rejoined recovered failedAttempts gaps duplicates
     * messagesAfterDrop reasons}.
     */
    static void child(String[] args) throws Exception {
        Target target = new Target(URI.create(args[1]), false, "", Target.V1);
        int count = Integer.parseInt(args[2]);
        int first = Integer.parseInt(args[3]);
        int rooms = Integer.parseInt(args[4]);
        int window = Integer.parseInt(args[5]);
        boolean since = Boolean.parseBoolean(args[6]);
        List<String> sources = Arrays.asList(args[7].split(","));
        try (Net net = new Net(1)) {
            StormClients clients = new StormClients(net, target, sources, since);
            BufferedReader in = Child.commands();
            String line;
            while ((line = in.readLine()) != null && !line.equals("STOP")) {
                switch (line) {
                    case "JOIN" -> Child.answer(clients.join(first, count, rooms));
                    case "COUNT" -> Child.answer("COUNT " + clients.messages.sum());
                    case "DROP" -> Child.answer(clients.dropAndReconnect(window));
                    default -> Child.answer("ERROR unknown command " + line);
                }
            }
            clients.closeAll();
        }
        System.exit(0);
    }

    /** The clients of one child process. */
    private static final class StormClients {
        final Net net;
        final Target target;
        final List<String> sources;
        final boolean since;
        final List<Client> all = new ArrayList<>();
        final LongAdder messages = new LongAdder();
        final LongAdder messagesAfterDrop = new LongAdder();
        final LongAdder gaps = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder failedAttempts = new LongAdder();
        final LongAdder reconnected = new LongAdder();
        final LongAdder recovered = new LongAdder();
        final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
        final AtomicLong lastReady = new AtomicLong();
        final AtomicLong lastDone = new AtomicLong();
        volatile boolean dropped;
        volatile CountDownLatch pending;
        /** Bounds the handshakes in flight while the clients first connect (the storm itself is not bounded). */
        final java.util.concurrent.Semaphore joining = new java.util.concurrent.Semaphore(200);

        StormClients(Net net, Target target, List<String> sources, boolean since) {
            this.net = net;
            this.target = target;
            this.sources = sources;
            this.since = since;
        }

        String join(int first, int count, int rooms) throws InterruptedException {
            pending = new CountDownLatch(count);
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < count; i++) {
                joining.acquire(); // released when the client is in both rooms, or failed
                Client c = new Client(this, first + i, roomsOf(first + i, rooms));
                all.add(c);
                c.connect(sources.get(i % sources.size()), failed);
            }
            pending.await(240, TimeUnit.SECONDS);
            // failed clients counted the latch down too
            return "READY " + (count - failed.get() - pending.getCount()) + " " + failed.get();
        }

        String dropAndReconnect(int window) throws InterruptedException {
            pending = new CountDownLatch(all.size());
            dropped = true;
            for (Client c : all) {
                Conn old = c.conn;
                c.conn = null;
                c.joinedRooms = 0;
                if (old != null) {
                    old.closeNow();
                }
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int i = 0;
            for (Client c : all) {
                String source = sources.get(i++ % sources.size());
                net.group.schedule(() -> c.connect(source, null), random.nextInt(window + 1), TimeUnit.MILLISECONDS);
            }
            pending.await(240, TimeUnit.SECONDS);
            Thread.sleep(300); // replays that follow the last joined
            StringBuilder why = new StringBuilder();
            reasons.forEach((k, v) -> why.append(k).append('=').append(v.sum()).append('\n'));
            long rejoined = all.size() - pending.getCount();
            return "DONE " + lastReady.get() + " " + lastDone.get() + " " + reconnected.sum() + " " + rejoined + " "
                    + recovered.sum() + " " + failedAttempts.sum() + " " + gaps.sum() + " " + duplicates.sum() + " "
                    + messagesAfterDrop.sum() + " " + URLEncoder.encode(why.toString(), StandardCharsets.UTF_8);
        }

        void fail(String reason) {
            failedAttempts.increment();
            reasons.computeIfAbsent(reason.replace(' ', '_'), k -> new LongAdder()).increment();
        }

        void closeAll() {
            for (Client c : all) {
                if (c.conn != null) {
                    c.conn.closeNow();
                }
            }
        }
    }

    /** One client: its two rooms, and per room the epoch and the last offset it saw. */
    private static final class Client implements Conn.Listener {
        final StormClients owner;
        final int index;
        final String[] rooms;
        final String[] epoch = new String[2];
        final long[] offset = {-1, -1};
        final boolean[] recovered = new boolean[2];
        volatile Conn conn;
        int joinedRooms;
        boolean sinceSent;
        int retries;

        Client(StormClients owner, int index, String[] rooms) {
            this.owner = owner;
            this.index = index;
            this.rooms = rooms;
        }

        /** Connects and joins both rooms; a failed attempt is retried after a short random backoff. */
        void connect(String source, AtomicInteger initialFailures) {
            Conn c = owner.net.connect(owner.target, source, this);
            conn = c;
            c.ready.whenComplete((ok, err) -> {
                if (err != null) {
                    if (initialFailures != null) {
                        initialFailures.incrementAndGet();
                        owner.joining.release();
                        owner.pending.countDown();
                        return;
                    }
                    owner.fail(reason(err));
                    retry(source);
                    return;
                }
                if (owner.dropped) {
                    owner.reconnected.increment();
                    owner.lastReady.accumulateAndGet(System.nanoTime(), Math::max);
                }
                sinceSent = owner.dropped && owner.since;
                for (int i = 0; i < 2; i++) {
                    c.write(HubText.join(rooms[i], true, i + 1, sinceSent ? epoch[i] : null, offset[i]));
                }
                c.flush();
            });
        }

        /**
         * Tries again after an exponential backoff with jitter, as client libraries do (Socket.IO: 1 s doubling
         * to 5 s, ±50 %): 250 ms doubling to 4 s, times a random factor in [0.5, 1).
         */
        private void retry(String source) {
            long base = Math.min(4_000, 250L << Math.min(4, retries++));
            long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2);
            owner.net.group.schedule(() -> connect(source, null), delay, TimeUnit.MILLISECONDS);
        }

        private static String reason(Throwable err) {
            Throwable t = err;
            while (t.getCause() != null && t != t.getCause()) {
                t = t.getCause();
            }
            String m = String.valueOf(t.getMessage());
            return t.getClass().getSimpleName() + ": " + (m.length() > 60 ? m.substring(0, 60) : m);
        }

        @Override
        public void onText(Conn c, ByteBuf content) {
            if (c != conn) {
                return;
            }
            String text = content.toString(StandardCharsets.UTF_8);
            if (HubText.is(text, "message")) {
                onMessage(text);
            } else if (HubText.is(text, "joined")) {
                onJoined(text);
            } else if (HubText.is(text, "error")) {
                owner.fail("error frame " + HubText.string(text, "code"));
            }
        }

        private void onJoined(String text) {
            int i = rooms[0].equals(HubText.string(text, "room")) ? 0 : 1;
            long latest = HubText.number(text, "offset");
            Boolean rec = HubText.bool(text, "recovered");
            recovered[i] = Boolean.TRUE.equals(rec);
            if (!(sinceSent && recovered[i])) {
                // a fresh start (or a failed recovery): continue from the room's latest offset
                offset[i] = latest;
                epoch[i] = HubText.string(text, "epoch");
            }
            if (++joinedRooms == 2) {
                if (owner.dropped) {
                    if (recovered[0] && recovered[1]) {
                        owner.recovered.increment();
                    }
                    owner.lastDone.accumulateAndGet(System.nanoTime(), Math::max);
                } else {
                    owner.joining.release();
                }
                owner.pending.countDown();
            }
        }

        private void onMessage(String text) {
            owner.messages.increment();
            if (owner.dropped) {
                owner.messagesAfterDrop.increment();
            }
            int i = rooms[0].equals(HubText.string(text, "room")) ? 0 : 1;
            long off = HubText.number(text, "offset");
            if (off < 0) {
                return;
            }
            if (offset[i] >= 0) {
                if (off <= offset[i]) {
                    owner.duplicates.increment();
                } else if (off > offset[i] + 1) {
                    owner.gaps.add(off - offset[i] - 1);
                }
            }
            offset[i] = Math.max(offset[i], off);
        }

        @Override
        public void onClosed(Conn c) {
            if (c == conn && owner.dropped && joinedRooms < 2 && c.ready.isDone() && !c.ready.isCompletedExceptionally()) {
                // closed by the server before both rooms were back: try again, as a client would
                owner.fail("closed before rejoined");
                conn = null;
                retry(owner.sources.get(index % owner.sources.size()));
            }
        }
    }
}
