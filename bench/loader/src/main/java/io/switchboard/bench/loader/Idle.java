package io.switchboard.bench.loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle connections on the echo endpoint, opened in steps by loader child processes: the server's RSS at
 * every step (the idle chart), and for JVM peers the live heap after a full GC before and with every
 * connection open ({@code jcmd PID GC.class_histogram}), split by class.
 */
final class Idle {

    private static final Pattern HISTO = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final int TOP_CLASSES = 12;

    private final Bench b;
    private final Options o;

    Idle(Bench b) {
        this.b = b;
        this.o = b.o;
    }

    List<Map<String, Object>> run(Peer peer) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Child> children = new ArrayList<>();
        // The live heap before any connection comes from a fresh instance of its own: the full GC that
        // measures it would shrink the heap and disturb the RSS curve of the instance that is measured.
        Map<String, long[]> heapBase = null;
        if (peer.jvm) {
            try (Peer.Running fresh = b.start(peer, "idle-heap")) {
                fresh.awaitReady(b.net, 60_000);
                Peer.sleep(o.idleSettleMs);
                heapBase = histogram(fresh.pids()[0], "before");
            }
        }
        try (Peer.Running r = b.start(peer, "idle")) {
            r.awaitReady(b.net, 60_000);
            Peer.sleep(o.idleSettleMs);
            long base = r.rssKb();
            int last = o.idleSteps[o.idleSteps.length - 1];
            int procs = Math.max(1, (last + o.idlePerProcess - 1) / o.idlePerProcess);
            for (int p = 0; p < procs; p++) {
                Target t = r.echoTargets().get(p % r.ports.size());
                children.add(Child.start("idle-child", List.of(t.uri().toString(), Boolean.toString(t.socketIo()),
                        t.namespace().isEmpty() ? "-" : t.namespace(), "127.0.0." + (20 + p)),
                        b.logs.resolve(peer.name + "-idle-child" + p + ".err")));
            }
            List<Object> curve = new ArrayList<>(List.of(List.of(0, Bench.round(base / 1024.0))));
            long prevRss = base;
            int open = 0;
            int prevOpen = 0;
            int failed = 0;
            for (int step : o.idleSteps) {
                int need = step - open;
                for (int p = 0; p < procs; p++) {
                    children.get(p).send("OPEN " + (need / procs + (p < need % procs ? 1 : 0)));
                }
                open = 0;
                failed = 0;
                for (Child c : children) {
                    String[] ready = c.expect("READY", 240_000).split(" ");
                    open += Integer.parseInt(ready[1]);
                    failed += Integer.parseInt(ready[2]);
                }
                Peer.sleep(o.idleSettleMs);
                long rss = r.rssKb();
                b.alive(r);
                curve.add(List.of(open, Bench.round(rss / 1024.0)));
                Map<String, Object> row = Bench.row(peer);
                row.put("connectionsRequested", step);
                row.put("connections", open);
                row.put("failedConnections", failed);
                row.put("rssBaseMiB", Bench.round(base / 1024.0));
                row.put("rssMiB", Bench.round(rss / 1024.0));
                row.put("rssPerConnectionKiB", Bench.round(open == 0 ? 0 : (rss - base) / (double) open));
                row.put("marginalRssPerConnectionKiB", Bench.round(open == prevOpen ? 0 : (rss - prevRss) / (double) (open - prevOpen)));
                rows.add(row);
                Bench.log(String.format("   %d open: RSS %s MiB (%s KiB/conn from base, %s KiB/conn marginal)", open,
                        row.get("rssMiB"), row.get("rssPerConnectionKiB"), row.get("marginalRssPerConnectionKiB")));
                prevRss = rss;
                prevOpen = open;
            }
            Map<String, Object> lastRow = rows.get(rows.size() - 1);
            Proc.CpuWatch cpu = new Proc.CpuWatch(r.pids());
            Peer.sleep(o.idleSeconds * 1000L);
            lastRow.put("idleServerCpuPct", Bench.round(cpu.stop()[0]));
            lastRow.put("loaderChildren", children.size());
            lastRow.put("rssCurve", curve);
            if (heapBase != null && open > 0) {
                heap(lastRow, heapBase, histogram(r.pids()[0], "open"), open);
            }
            if (heapBase != null && open > 0 && !o.smoke) {
                children.forEach(Child::close);
                Peer.sleep(o.idleSettleMs);
                // what stays after every connection closed: near the base unless something is kept per connection
                lastRow.put("heapAfterCloseMiB", Bench.round(histogram(r.pids()[0], "closed").get("Total")[1] / 1048576.0));
                Bench.log("   live heap after every connection closed: " + lastRow.get("heapAfterCloseMiB") + " MiB");
            }
            b.alive(r);
        } finally {
            children.forEach(Child::close);
        }
        return rows;
    }

    /** Live heap growth per connection, in total and for the classes that grew most. */
    private static void heap(Map<String, Object> row, Map<String, long[]> before, Map<String, long[]> after, int open) {
        long total = after.get("Total")[1] - before.get("Total")[1];
        row.put("heapBaseMiB", Bench.round(before.get("Total")[1] / 1048576.0));
        row.put("heapMiB", Bench.round(after.get("Total")[1] / 1048576.0));
        row.put("heapPerConnectionKiB", Bench.round(total / 1024.0 / open));
        List<Map<String, Object>> top = new ArrayList<>();
        after.entrySet().stream().filter(e -> !e.getKey().equals("Total"))
                .map(e -> {
                    long[] was = before.getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
                })
                .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
                .limit(TOP_CLASSES)
                .forEach(e -> {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("class", e.getKey());
                    c.put("bytesPerConnection", Bench.round(e.getValue()[1] / (double) open));
                    c.put("instancesPerConnection", Bench.round(e.getValue()[0] / (double) open));
                    top.add(c);
                });
        row.put("heapTopClasses", top);
        Bench.log(String.format("   live heap after full GC: %s MiB → %s MiB, %s KiB per connection; per connection:",
                row.get("heapBaseMiB"), row.get("heapMiB"), row.get("heapPerConnectionKiB")));
        for (Map<String, Object> c : top) {
            Bench.log(String.format("     %8s B %6s×  %s", c.get("bytesPerConnection"), c.get("instancesPerConnection"),
                    c.get("class")));
        }
    }

    /**
     * Live objects by class after a full GC ({@code GC.class_histogram} without {@code -all} collects
     * first): class name → {instances, bytes}, plus "Total". The raw output goes next to the logs.
     */
    private Map<String, long[]> histogram(long pid, String tag) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.class_histogram failed: " + out.lines().findFirst().orElse(""));
        }
        Files.writeString(b.logs.resolve("idle-heap-" + pid + "-" + tag + ".txt"), out);
        Map<String, long[]> m = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher x = HISTO.matcher(line);
            if (x.find()) {
                m.merge(x.group(3), new long[] {Long.parseLong(x.group(1)), Long.parseLong(x.group(2))},
                        (u, v) -> new long[] {u[0] + v[0], u[1] + v[1]});
            } else if (line.startsWith("Total")) {
                String[] f = line.trim().split("\\s+");
                m.put("Total", new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        if (!m.containsKey("Total")) {
            throw new IllegalStateException("no total in the class histogram of " + pid);
        }
        return m;
    }

    /**
     * Child side: {@code idle-child URI SOCKETIO NAMESPACE SOURCE}; each {@code OPEN n} opens n more
     * connections from SOURCE and answers {@code READY open failed}; {@code STOP} closes them all.
     */
    static void child(String[] args) throws Exception {
        Target target = new Target(java.net.URI.create(args[1]), Boolean.parseBoolean(args[2]),
                args[3].equals("-") ? "" : args[3], null);
        String source = args[4];
        List<Conn> conns = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        try (Net net = new Net(1)) {
            BufferedReader in = Child.commands();
            String line;
            while ((line = in.readLine()) != null && !line.equals("STOP")) {
                if (line.startsWith("OPEN ")) {
                    int n = Integer.parseInt(line.substring(5).trim());
                    conns.addAll(net.connectMany(List.of(target), n, List.of(source), 256, new Conn.Listener() { }, failed));
                    int open = (int) conns.stream().filter(Conn::isOpen).count();
                    Child.answer("READY " + open + " " + failed.get());
                }
            }
            Net.closeAll(conns);
        } catch (IOException e) {
            // the parent went away
        }
        System.exit(0);
    }
}
