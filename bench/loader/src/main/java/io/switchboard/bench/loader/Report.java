package io.switchboard.bench.loader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** Writes results.json, report.md and the PNG charts from the collected rows. */
final class Report {

    private static final Map<String, String> LABELS = Map.of("switchboard", "Switchboard", "switchboard-redis",
            "Switchboard ×2 (Redis)", "plain-quarkus", "plain websockets-next", "ws", "Node ws", "socketio", "Socket.IO 4",
            "ws-redis", "Node ws ×2 (Redis)");

    private final Options o;
    private final Map<String, List<Map<String, Object>>> r;
    private final StringBuilder md = new StringBuilder();
    private final List<String> peers;

    private Report(Options o, Map<String, List<Map<String, Object>>> results) {
        this.o = o;
        this.r = results;
        this.peers = o.peers;
    }

    static void write(Options o, Map<String, Object> meta, Map<String, List<Map<String, Object>>> results) throws Exception {
        Report rep = new Report(o, results);
        List<Map<String, Object>> targets = rep.targets();
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("meta", meta);
        all.put("targets", targets);
        all.put("scenarios", results);
        Files.writeString(o.out.resolve("results.json"), Json.write(all));
        List<String> charts = rep.charts();
        Files.writeString(o.out.resolve("report.md"), rep.markdown(meta, targets, charts));
    }

    // ------------------------------------------------------------------ targets

    private List<Map<String, Object>> targets() {
        List<Map<String, Object>> t = new ArrayList<>();
        List<Map<String, Object>> fan = r.getOrDefault("fanout", List.of());
        int n = fan.stream().anyMatch(x -> Objects.equals(x.get("subscribersRequested"), 1000)) ? 1000
                : fan.stream().mapToInt(x -> (int) x.getOrDefault("subscribersRequested", 0)).max().orElse(0);
        for (int size : o.fanoutSizes) {
            Predicate<Map<String, Object>> sel = x -> Objects.equals(x.get("subscribersRequested"), n)
                    && Objects.equals(x.get("payloadBytes"), size);
            ratio(t, "Fan-out deliveries/s at N=" + n + ", " + size + " B: ≥ 5× Node ws", fan, sel, "deliveriesPerSec", "ws", 5, true);
            ratio(t, "Fan-out deliveries/s at N=" + n + ", " + size + " B: ≥ 2× plain websockets-next", fan, sel,
                    "deliveriesPerSec", "plain-quarkus", 2, true);
        }
        List<Map<String, Object>> paced = r.getOrDefault("paced", List.of());
        for (int rate : o.pacedRates) {
            ratio(t, "p99 latency at " + rate + " deliveries/s: ≤ ½ of Node ws", paced,
                    x -> Objects.equals(x.get("targetDeliveriesPerSec"), rate), "p99Ms", "ws", 0.5, false);
        }
        if (r.containsKey("fanout") || r.containsKey("paced")) {
            long lost = 0;
            long dup = 0;
            boolean any = false;
            for (String s : List.of("fanout", "paced")) {
                for (Map<String, Object> x : r.getOrDefault(s, List.of())) {
                    if ("switchboard".equals(x.get("peer")) && x.containsKey("lost")) {
                        any = true;
                        lost += ((Number) x.get("lost")).longValue();
                        dup += ((Number) x.getOrDefault("duplicates", 0L)).longValue();
                    }
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", "Nothing lost (Switchboard, fan-out + paced)");
            row.put("measured", any ? lost + " lost, " + dup + " duplicated" : "not measured");
            row.put("ratio", null);
            row.put("pass", any && lost == 0 && dup == 0);
            t.add(row);
        }
        List<Map<String, Object>> idle = r.getOrDefault("idle", List.of());
        if (!idle.isEmpty()) {
            int last = o.idleSteps[o.idleSteps.length - 1];
            ratio(t, "Server RSS per idle connection (" + last + " open, growth from base ÷ connections): ≤ Node ws", idle,
                    x -> Objects.equals(x.get("connectionsRequested"), last), "rssPerConnectionKiB", "ws", 1, false);
        }
        List<Map<String, Object>> st = r.getOrDefault("startup", List.of());
        List<Double> sb = st.stream().filter(x -> "switchboard".equals(x.get("peer")) && x.containsKey("startToFirstConnectionMs"))
                .map(x -> ((Number) x.get("startToFirstConnectionMs")).doubleValue()).sorted().toList();
        if (!sb.isEmpty()) {
            double median = sb.get(sb.size() / 2);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", "Switchboard JVM start to first accepted connection ≤ 1 s (median)");
            row.put("measured", median + " ms");
            row.put("ratio", Bench.round(median / 1000.0));
            row.put("pass", median <= 1000);
            t.add(row);
        }
        CrossTargets.add(t, r);
        return t;
    }

    private void ratio(List<Map<String, Object>> t, String name, List<Map<String, Object>> rows,
            Predicate<Map<String, Object>> sel, String key, String other, double bound, boolean atLeast) {
        Double mine = value(rows, sel, "switchboard", key);
        Double theirs = value(rows, sel, other, key);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", name);
        if (mine == null || theirs == null || theirs <= 0) {
            row.put("measured", "not measured (" + (mine == null ? "switchboard" : other) + " missing)");
            row.put("ratio", null);
            row.put("pass", null);
        } else {
            double ratio = mine / theirs;
            row.put("measured", fmt(mine) + " vs " + fmt(theirs));
            row.put("ratio", Bench.round(ratio));
            row.put("pass", atLeast ? ratio >= bound : ratio <= bound);
            Double loader = value(rows, sel, "switchboard", "loaderCpuPct");
            row.put("loaderCpuPct", loader);
        }
        t.add(row);
    }

    private static Double value(List<Map<String, Object>> rows, Predicate<Map<String, Object>> sel, String peer, String key) {
        return rows.stream().filter(x -> peer.equals(x.get("peer")) && sel.test(x) && x.get(key) instanceof Number)
                .map(x -> ((Number) x.get(key)).doubleValue()).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ charts

    private List<String> charts() {
        List<String> files = new ArrayList<>();
        try {
            chart(files, "fanout.png", "Fan-out burst: deliveries/s (higher is better)", "deliveries/s", "fanout",
                    x -> "N=" + x.get("subscribers") + " " + x.get("payloadBytes") + "B", "deliveriesPerSec");
            chart(files, "latency-p99.png", "Paced fan-out: p99 latency (lower is better)", "ms", "paced",
                    x -> x.get("targetDeliveriesPerSec") + "/s", "p99Ms", true);
            chart(files, "echo.png", "Echo: round trips/s (higher is better)", "round trips/s", "echo",
                    x -> x.get("concurrency") + " in flight", "roundTripsPerSec");
            chart(files, "churn.png", "Connection churn: connect+disconnect cycles/s (higher is better)", "cycles/s", "churn",
                    x -> x.get("concurrency") + " concurrent", "cyclesPerSec");
            chart(files, "idle-rss.png", "Idle connections: server RSS growth per connection (lower is better)", "KiB", "idle",
                    x -> x.get("connectionsRequested") + " open", "rssPerConnectionKiB");
            chart(files, "startup.png", "Start to first accepted connection (lower is better)", "ms", "startup",
                    x -> "run " + x.get("run"), "startToFirstConnectionMs");
        } catch (Throwable e) {
            // e.g. no fonts on a minimal machine: the numbers are still in the report
            Bench.log("charts skipped: " + e);
        }
        return files;
    }

    private void chart(List<String> files, String file, String title, String unit, String scenario,
            java.util.function.Function<Map<String, Object>, String> group, String key) throws Exception {
        chart(files, file, title, unit, scenario, group, key, false);
    }

    private void chart(List<String> files, String file, String title, String unit, String scenario,
            java.util.function.Function<Map<String, Object>, String> group, String key, boolean log) throws Exception {
        List<Map<String, Object>> rows = r.getOrDefault(scenario, List.of()).stream().filter(x -> x.get(key) != null).toList();
        if (rows.isEmpty()) {
            return;
        }
        List<String> groups = new ArrayList<>();
        List<String> series = new ArrayList<>();
        for (Map<String, Object> x : rows) {
            String gname = group.apply(x);
            if (!groups.contains(gname)) {
                groups.add(gname);
            }
            String p = (String) x.get("peer");
            if (!series.contains(p)) {
                series.add(p);
            }
        }
        double[][] v = new double[series.size()][groups.size()];
        for (double[] row : v) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (Map<String, Object> x : rows) {
            v[series.indexOf((String) x.get("peer"))][groups.indexOf(group.apply(x))] = ((Number) x.get(key)).doubleValue();
        }
        Charts.bars(o.out.resolve(file), title, unit, groups, series.stream().map(Report::label).toList(), v, log);
        files.add(file);
    }

    // ------------------------------------------------------------------ markdown

    private String markdown(Map<String, Object> meta, List<Map<String, Object>> targets, List<String> charts) {
        md.append("# Switchboard benchmark report\n\n");
        md.append("Mode **").append(meta.get("mode")).append("**, ").append(meta.get("startedAt")).append(", ")
                .append(meta.get("durationSeconds")).append(" s. Machine: ").append(meta.get("cpus")).append(" CPUs (")
                .append(meta.get("cpuModel")).append("), ").append(meta.get("java")).append(", Node ").append(meta.get("node"))
                .append(". JVM peers run with `").append(meta.get("jvmOptsForJvmPeers")).append("`. Loader: Netty, ")
                .append(meta.get("loaderThreads")).append(" event-loop threads, same machine.\n\n");
        md.append("Server, loader and everything else share the same cores, so absolute numbers are small-machine numbers; ")
                .append("the peers ran in the same run, one scenario at a time, each freshly started, so the ratios are what ")
                .append("to compare. CPU columns are percent of one core (200 % = both cores). The *bound by* column is a ")
                .append("reading of those CPU numbers, not a profile.\n\n");

        md.append("## Targets\n\n| Target | Measured (Switchboard vs peer) | Ratio | Result | Loader CPU |\n|---|---|---|---|---|\n");
        for (Map<String, Object> t : targets) {
            Object pass = t.get("pass");
            md.append("| ").append(t.get("target")).append(" | ").append(t.get("measured")).append(" | ")
                    .append(t.get("ratio") == null ? "–" : t.get("ratio") + "×").append(" | ")
                    .append(pass == null ? "n/a" : (Boolean) pass ? "**PASS**" : "**FAIL**").append(" | ")
                    .append(t.get("loaderCpuPct") == null ? "–" : t.get("loaderCpuPct") + " %").append(" |\n");
        }
        md.append('\n');

        table("Fan-out burst", "fanout", "One publisher sends M messages of the given size to the chat; every other client "
                + "(N subscribers) must receive each. The publisher keeps at most ~" + o.fanoutWindowDeliveries
                + " deliveries in flight (a window over fully delivered messages), so the rate is sustained throughput, not "
                + "buffering. Deliveries/s = deliveries ÷ (first send → last delivery). A message counts as lost if some "
                + "subscriber had not received it " + o.stallMillis / 1000 + " s after the last progress.",
                new String[] {"subscribers", "payloadBytes", "sent", "deliveriesPerSec", "lost", "duplicates", "reordered",
                    "seconds", "serverCpuPct", "loaderCpuPct", "machineCpuPct"},
                new String[] {"N", "size B", "messages sent", "deliveries/s", "lost", "dup", "reordered", "s", "server CPU %",
                    "loader CPU %", "machine CPU %"}, true);
        table("Paced latency", "paced", "A fixed delivery rate (publisher rate × subscribers), " + o.pacedWarmupSec
                + " s warm-up then " + o.pacedSeconds + " s measured; 64 B frames. Latency = receive time − intended send "
                + "time embedded in the payload (so a delayed sender does not hide latency). Recorded in an HdrHistogram.",
                new String[] {"subscribers", "targetDeliveriesPerSec", "achievedDeliveriesPerSec", "p50Ms", "p99Ms", "p999Ms",
                    "maxMs", "lost", "serverCpuPct", "loaderCpuPct", "machineCpuPct"},
                new String[] {"N", "target/s", "achieved/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "lost", "server CPU %",
                    "loader CPU %", "machine CPU %"}, true);
        table("Echo round trip", "echo", "Closed loop on the echo endpoint: each connection sends 64 B, waits for it, sends again.",
                new String[] {"concurrency", "roundTripsPerSec", "p50Ms", "p99Ms", "maxMs", "serverCpuPct", "loaderCpuPct", "machineCpuPct"},
                new String[] {"in flight", "round trips/s", "p50 ms", "p99 ms", "max ms", "server CPU %", "loader CPU %", "machine CPU %"}, true);
        table("Connection churn", "churn", "Workers connect to the chat, wait for the handshake (and the Socket.IO namespace "
                + "ack), close, repeat. Observers stay connected and count the connect/disconnect notices: ≈ 1 + 1 per cycle "
                + "means every notice reached every observer.",
                new String[] {"concurrency", "observers", "cyclesPerSec", "failedCycles", "connectNoticesPerObserverPerCycle",
                    "disconnectNoticesPerObserverPerCycle", "noticesPerSec", "serverCpuPct", "loaderCpuPct", "machineCpuPct"},
                new String[] {"workers", "observers", "connects+disconnects/s", "failed", "connect notices/obs/cycle",
                    "disconnect notices/obs/cycle", "notices/s", "server CPU %", "loader CPU %", "machine CPU %"}, true);
        table("Idle connections", "idle", "Connections to the echo endpoint (the chat would send every client a notice for "
                + "every other one) held by loader child processes from several 127.0.0.x addresses. RSS is the server's VmRSS "
                + "after 3 s; per connection from the base before connecting, and marginal between steps. CPU while idle "
                + "over " + o.idleSeconds + " s.",
                new String[] {"connections", "rssBaseMiB", "rssMiB", "rssPerConnectionKiB", "marginalRssPerConnectionKiB",
                    "idleServerCpuPct", "loaderChildren"},
                new String[] {"open", "base RSS MiB", "RSS MiB", "KiB/conn (from base)", "KiB/conn (marginal)",
                    "idle CPU %", "loader processes"}, false);
        table("Startup", "startup", "From process spawn to the first WebSocket handshake accepted (polled every 5 ms), and RSS.",
                new String[] {"run", "startToFirstConnectionMs", "rssAtFirstConnectionMiB", "rssOneSecondLaterMiB"},
                new String[] {"run", "start → first connection ms", "RSS then MiB", "RSS 1 s later MiB"}, false);

        if (!charts.isEmpty()) {
            md.append("## Charts\n\n");
            for (String c : charts) {
                md.append("![").append(c).append("](").append(c).append(")\n\n");
            }
        }
        md.append("## Reading the numbers\n\n");
        md.append("- Node peers are single-threaded: at ~100 % server CPU they are at their ceiling. The JVM peers can use both "
                + "cores, which they share with the loader here.\n");
        md.append("- When server % + loader % is near 200 %, the machine was the limit and a ratio understates the faster "
                + "server; run on a bigger box (see bench/README.md) to separate them.\n");
        md.append("- Raw rows, including errors, are in `results.json`; peer logs in `logs/`.\n");
        return md.toString();
    }

    private void table(String title, String scenario, String intro, String[] keys, String[] heads, boolean boundBy) {
        List<Map<String, Object>> rows = r.get(scenario);
        if (rows == null) {
            return;
        }
        md.append("## ").append(title).append("\n\n").append(intro).append("\n\n| peer |");
        for (String h : heads) {
            md.append(' ').append(h).append(" |");
        }
        if (boundBy) {
            md.append(" bound by |");
        }
        md.append("\n|---|");
        md.append("---|".repeat(heads.length + (boundBy ? 1 : 0))).append('\n');
        for (Map<String, Object> x : rows) {
            md.append("| ").append(label((String) x.get("peer"))).append(" |");
            if (x.containsKey("error")) {
                md.append(" error: ").append(x.get("error")).append(" |\n");
                continue;
            }
            for (String k : keys) {
                Object v = x.get(k);
                md.append(' ').append(v instanceof Double d ? fmt(d) : v == null ? "–" : v).append(" |");
            }
            if (boundBy) {
                md.append(' ').append(boundBy(x)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private String boundBy(Map<String, Object> x) {
        double server = num(x.get("serverCpuPct"));
        double loader = num(x.get("loaderCpuPct"));
        double machine = num(x.get("machineCpuPct"));
        boolean node = "ws".equals(x.get("peer")) || "socketio".equals(x.get("peer"));
        int cores = Runtime.getRuntime().availableProcessors();
        if (machine >= 85 * cores && machine - server - loader >= 25) {
            return String.format("machine CPU (other processes %.0f %%)", machine - server - loader);
        }
        if (server + loader >= 85 * cores) {
            return "machine CPU (server + loader fill the cores)";
        }
        if (node && server >= 90) {
            return "server (Node's one thread)";
        }
        if (loader >= 90 * o.loaderThreads) {
            return "loader CPU";
        }
        if (server >= 175) {
            return "server CPU";
        }
        return "not CPU (latency/flow)";
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    static String label(String peer) {
        return LABELS.getOrDefault(peer, peer);
    }

    private static String fmt(double v) {
        if (Math.abs(v) >= 100) {
            return String.format("%,.0f", v);
        }
        return String.format("%.2f", v);
    }
}
