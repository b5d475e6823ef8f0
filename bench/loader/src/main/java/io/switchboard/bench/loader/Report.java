package io.switchboard.bench.loader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/** Writes results.json, report.md and the PNG charts from the collected rows. */
final class Report {

    private static final Map<String, String> LABELS = Map.of("switchboard", "Switchboard", "switchboard-redis",
            "Switchboard ×2 (Redis)", "plain-quarkus", "plain websockets-next", "ws", "Node ws", "socketio", "Socket.IO 4",
            "c-epoll", "C epoll (yardstick)", "ws-redis", "Node ws ×2 (Redis)", "switchboard-socketio", "Switchboard Socket.IO");

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

    /** The peers whose deliveries the "nothing lost" target counts: Switchboard's two endpoints. */
    private static final List<String> LOSS_CHECKED = List.of("switchboard", "switchboard-socketio");

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
        if (peers.contains("switchboard-socketio")) {
            // The Socket.IO endpoint against the Node Socket.IO 4 server, same chat: fan-out has a target,
            // latency is for reading.
            for (int size : o.fanoutSizes) {
                ratio(t, "Socket.IO fan-out deliveries/s at N=" + n + ", " + size + " B: ≥ 5× Node Socket.IO 4", fan,
                        x -> Objects.equals(x.get("subscribersRequested"), n) && Objects.equals(x.get("payloadBytes"), size),
                        "deliveriesPerSec", "switchboard-socketio", "socketio", 5, true);
            }
            for (int rate : o.pacedRates) {
                ratio(t, "Socket.IO p99 latency at " + rate + " deliveries/s: Switchboard vs Socket.IO 4", paced,
                        x -> Objects.equals(x.get("targetDeliveriesPerSec"), rate), "p99Ms", "switchboard-socketio", "socketio",
                        Double.NaN, false);
            }
        }
        for (int rate : o.pacedRates) {
            ratio(t, "p99 latency at " + rate + " deliveries/s: ≤ ½ of Node ws", paced,
                    x -> Objects.equals(x.get("targetDeliveriesPerSec"), rate), "p99Ms", "ws", 0.5, false);
        }
        if (o.pacedRates.length > 0) {
            int rate = o.pacedRates[0];
            for (String[] q : new String[][] {{"p99", "p99Ms"}, {"p99.9", "p999Ms"}}) {
                ratio(t, q[0] + " latency at " + rate + " deliveries/s: ≤ 1.2× the C epoll yardstick", paced,
                        x -> Objects.equals(x.get("targetDeliveriesPerSec"), rate), q[1], "c-epoll", 1.2, false);
            }
        }
        if (r.containsKey("fanout") || r.containsKey("paced")) {
            long lost = 0;
            long dup = 0;
            boolean any = false;
            for (String s : List.of("fanout", "paced", "bigroom", "history")) {
                for (Map<String, Object> x : r.getOrDefault(s, List.of())) {
                    if (LOSS_CHECKED.contains(x.get("peer")) && x.get("lost") instanceof Number l) {
                        any = true;
                        lost += l.longValue();
                        dup += ((Number) x.getOrDefault("duplicates", 0L)).longValue();
                    }
                }
            }
            absolute(t, "Nothing lost (Switchboard and its Socket.IO endpoint: fan-out, paced, big room, history)",
                    any ? lost + " lost, " + dup + " duplicated" : null, null, any && lost == 0 && dup == 0);
        }
        List<Map<String, Object>> churn = r.getOrDefault("churn", List.of());
        ratio(t, "Churn (connect + hello + disconnect cycles/s, notices delivered): ≥ 1.5× Node ws", churn, x -> true,
                "cyclesPerSec", "ws", 1.5, true);
        idleTargets(t);
        List<Map<String, Object>> st = r.getOrDefault("startup", List.of());
        List<Double> sb = st.stream().filter(x -> "switchboard".equals(x.get("peer")) && x.containsKey("startToFirstConnectionMs"))
                .map(x -> ((Number) x.get("startToFirstConnectionMs")).doubleValue()).sorted().toList();
        if (!sb.isEmpty()) {
            double median = sb.get(sb.size() / 2);
            absolute(t, "Switchboard start to first accepted connection ≤ 1 s (median of " + sb.size() + ")", fmt(median) + " ms",
                    median / 1000.0, median <= 1000);
        }
        stormTargets(t);
        bigRoomTargets(t);
        historyTarget(t);
        CrossTargets.add(t, r);
        return t;
    }

    private void idleTargets(List<Map<String, Object>> t) {
        List<Map<String, Object>> idle = r.getOrDefault("idle", List.of());
        if (idle.isEmpty()) {
            return;
        }
        int last = o.idleSteps[o.idleSteps.length - 1];
        Predicate<Map<String, Object>> atLast = x -> Objects.equals(x.get("connectionsRequested"), last);
        ratio(t, "Server RSS growth per idle connection (" + last + " open on /echo): ≤ Node ws", idle, atLast,
                "rssPerConnectionKiB", "ws", 1, false);
        Double rss = value(idle, atLast, "switchboard", "rssPerConnectionKiB");
        absolute(t, "Server RSS growth per idle connection (" + last + " open, shipped JVM flags): ≤ 8 KiB",
                rss == null ? null : fmt(rss) + " KiB", rss == null ? null : rss / 8, rss == null ? null : rss <= 8);
        Double heap = value(idle, atLast, "switchboard", "heapPerConnectionKiB");
        absolute(t, "Live heap per idle connection after a full GC (" + last + " open): ≤ 4 KiB",
                heap == null ? null : fmt(heap) + " KiB", heap == null ? null : heap / 4, heap == null ? null : heap <= 4);
    }

    private void stormTargets(List<Map<String, Object>> t) {
        List<Map<String, Object>> storm = r.getOrDefault("storm", List.of());
        if (storm.isEmpty()) {
            return;
        }
        Map<String, Object> sb = find(storm, "switchboard");
        boolean since = sb != null && "since".equals(sb.get("recovery"));
        String name = "Reconnect storm: every client back in its rooms" + (since ? " and recovered" : "")
                + ", no failed attempt, no gap" + (since ? ", no storm message missed" : "");
        if (sb == null || sb.containsKey("notApplicable") || sb.containsKey("error")) {
            absolute(t, name, notRun(sb), null, null);
        } else {
            long clients = ((Number) sb.get("clients")).longValue();
            Object recovered = sb.get("recoveredBoth");
            long back = ((Number) (recovered != null ? recovered : sb.get("rejoinedBoth"))).longValue();
            long failed = ((Number) sb.get("failedAttempts")).longValue();
            long gaps = sb.get("gaps") instanceof Number g ? g.longValue() : 0;
            long dups = sb.get("duplicates") instanceof Number d ? d.longValue() : 0;
            // With since, a client that is back has every storm message: replayed or live.
            long missed = since && sb.get("missedDuringStorm") instanceof Number m ? m.longValue() : 0;
            absolute(t, name, back + " of " + clients + " in " + fmt(num(sb.get("allRecoveredMs"))) + " ms, " + failed
                    + " failed attempts, " + gaps + " gaps, " + dups + " duplicates" + (since ? ", " + missed + " missed" : ""),
                    null, back == clients && failed == 0 && gaps == 0 && dups == 0 && missed == 0);
        }
        ratio(t, "Reconnect storm: time until all are back (vs Node ws, plain rejoin)", storm, x -> true, "allRecoveredMs", "ws",
                Double.NaN, false);
        ratio(t, "Reconnect storm: server peak RSS (vs Node ws)", storm, x -> true, "peakRssMiB", "ws", Double.NaN, false);
    }

    private void bigRoomTargets(List<Map<String, Object>> t) {
        List<Map<String, Object>> big = r.getOrDefault("bigroom", List.of());
        if (big.isEmpty()) {
            return;
        }
        Map<String, Object> join = big.stream().filter(x -> "switchboard".equals(x.get("peer"))
                && ("join".equals(x.get("phase")) || x.containsKey("notApplicable") || x.containsKey("error"))).findFirst()
                .orElse(null);
        String name = "Big room: " + o.bigroomMembers + " switchboard.v1 members joining one room (events:false) all joined in < 2 s";
        if (join == null || !join.containsKey("joinMs")) {
            absolute(t, name, notRun(join), null, null);
            absolute(t, "Big room: server CPU per delivery at " + o.bigroomMembers + " members ≤ 1.2× that at "
                    + o.bigroomSmall, notRun(join), null, null);
            return;
        }
        double ms = num(join.get("joinMs"));
        absolute(t, name, fmt(ms) + " ms", ms / 2000, ms >= 0 && ms < 2000);
        List<Map<String, Object>> fan = big.stream().filter(x -> "switchboard".equals(x.get("peer"))
                && "fanout".equals(x.get("phase"))).toList();
        Double large = fan.stream().filter(x -> num(x.get("members")) > o.bigroomSmall).map(x -> num(x.get("serverCpuUsPerDelivery")))
                .findFirst().orElse(null);
        Double small = fan.stream().filter(x -> num(x.get("members")) <= o.bigroomSmall).map(x -> num(x.get("serverCpuUsPerDelivery")))
                .findFirst().orElse(null);
        absolute(t, "Big room: server CPU per delivery at " + o.bigroomMembers + " members ≤ 1.2× that at " + o.bigroomSmall,
                large == null || small == null ? null : fmt(large) + " µs vs " + fmt(small) + " µs",
                large == null || small == null || small <= 0 ? null : large / small,
                large == null || small == null || small <= 0 ? null : large / small <= 1.2);
    }

    private void historyTarget(List<Map<String, Object>> t) {
        List<Map<String, Object>> h = r.getOrDefault("history", List.of());
        if (h.isEmpty()) {
            return;
        }
        String name = "Room publish with history ≥ 90 % of the deliveries/s without (switchboard.history.exclude=*)";
        double on = mean(h, "on");
        double off = mean(h, "off");
        boolean built = h.stream().anyMatch(x -> "on".equals(x.get("historySetting")) && Boolean.TRUE.equals(x.get("offsetsOnMessages")));
        if (Double.isNaN(on) || Double.isNaN(off) || off <= 0) {
            absolute(t, name, notRun(h.get(0)), null, null);
        } else {
            absolute(t, name, fmt(on) + " vs " + fmt(off) + (built ? "" : " (this build has no history: n/a)"), on / off,
                    built ? on / off >= 0.9 : null);
        }
    }

    private static double mean(List<Map<String, Object>> rows, String setting) {
        return rows.stream().filter(x -> String.valueOf(x.get("historySetting")).startsWith(setting)
                && x.get("deliveriesPerSec") instanceof Number).mapToDouble(x -> num(x.get("deliveriesPerSec"))).average()
                .orElse(Double.NaN);
    }

    private static Map<String, Object> find(List<Map<String, Object>> rows, String peer) {
        return rows.stream().filter(x -> peer.equals(x.get("peer"))).findFirst().orElse(null);
    }

    private static String notRun(Map<String, Object> row) {
        if (row == null) {
            return "not measured";
        }
        if (row.containsKey("notApplicable")) {
            return String.valueOf(row.get("notApplicable"));
        }
        return row.containsKey("error") ? "error: " + row.get("error") : "not measured";
    }

    /** A target on Switchboard alone; {@code measured} null means it was not measured. */
    private static void absolute(List<Map<String, Object>> t, String name, String measured, Double ratio, Boolean pass) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", name);
        row.put("measured", measured == null ? "not measured" : measured);
        row.put("ratio", ratio == null ? null : Bench.round(ratio));
        row.put("pass", measured == null ? null : pass);
        t.add(row);
    }

    private void ratio(List<Map<String, Object>> t, String name, List<Map<String, Object>> rows,
            Predicate<Map<String, Object>> sel, String key, String other, double bound, boolean atLeast) {
        ratio(t, name, rows, sel, key, "switchboard", other, bound, atLeast);
    }

    /** A target row comparing {@code self}'s {@code key} with {@code other}'s in the selected rows. */
    private void ratio(List<Map<String, Object>> t, String name, List<Map<String, Object>> rows,
            Predicate<Map<String, Object>> sel, String key, String self, String other, double bound, boolean atLeast) {
        if (rows.isEmpty()) {
            return; // the scenario did not run
        }
        // Rows measured in rounds (the peers interleaved in each): the round whose ratio is the median.
        MedianRound median = medianRound(rows, sel, key, self, other);
        if (median != null) {
            sel = sel.and(x -> median.round().equals(x.get("round")));
        }
        Double mine = value(rows, sel, self, key);
        Double theirs = value(rows, sel, other, key);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", name);
        if (mine == null || theirs == null || theirs <= 0 || mine < 0) {
            String missing = mine == null || mine < 0 ? self : other;
            Map<String, Object> why = find(rows, missing);
            row.put("measured", why != null && (why.containsKey("notApplicable") || why.containsKey("error"))
                    ? label(missing) + ": " + notRun(why)
                    : theirs != null && mine != null ? fmt(mine) + " vs " + fmt(theirs) + " (no ratio)"
                    : "not measured (" + label(missing) + " missing)");
            row.put("ratio", null);
            row.put("pass", null);
        } else {
            double ratio = mine / theirs;
            row.put("measured", fmt(mine) + " vs " + fmt(theirs) + (median == null ? "" : " (round " + median.round()
                    + ", the median of " + median.ratios().size() + " rounds' ratios: " + median.ratios() + ")"));
            row.put("ratio", Bench.round(ratio));
            // a NaN bound: the ratio is reported for reading, there is no target on it
            row.put("pass", Double.isNaN(bound) ? null : atLeast ? ratio >= bound : ratio <= bound);
            Double loader = value(rows, sel, self, "loaderCpuPct");
            row.put("loaderCpuPct", loader);
        }
        t.add(row);
    }

    /** The round whose ratio is the median, and every round's ratio in round order, formatted. */
    private record MedianRound(Object round, List<String> ratios) {
    }

    /**
     * For rows measured in rounds: the round whose {@code self}/{@code other} ratio of {@code key} is the
     * median (the lower middle one of an even count); null when fewer than two rounds have both.
     */
    private static MedianRound medianRound(List<Map<String, Object>> rows, Predicate<Map<String, Object>> sel, String key,
            String self, String other) {
        Map<Object, Double> ratios = new LinkedHashMap<>();
        rows.stream().map(x -> x.get("round")).filter(Objects::nonNull).distinct().forEach(round -> {
            Predicate<Map<String, Object>> inRound = sel.and(x -> round.equals(x.get("round")));
            Double mine = value(rows, inRound, self, key);
            Double theirs = value(rows, inRound, other, key);
            if (mine != null && theirs != null && mine >= 0 && theirs > 0) {
                ratios.put(round, mine / theirs);
            }
        });
        if (ratios.size() < 2) {
            return null;
        }
        List<Object> byRatio = new ArrayList<>(ratios.keySet());
        byRatio.sort(Comparator.comparing(ratios::get));
        return new MedianRound(byRatio.get((byRatio.size() - 1) / 2),
                ratios.values().stream().map(v -> fmt(Bench.round(v)) + "×").toList());
    }

    private static Double value(List<Map<String, Object>> rows, Predicate<Map<String, Object>> sel, String peer, String key) {
        return rows.stream().filter(x -> peer.equals(x.get("peer")) && sel.test(x) && x.get(key) instanceof Number)
                .map(x -> ((Number) x.get(key)).doubleValue()).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ charts

    /** One bar per row and metric: the group it belongs to and the value it shows. */
    private record Metric(Function<Map<String, Object>, String> group, String key) {
    }

    private List<String> charts() {
        List<String> files = new ArrayList<>();
        try {
            chart(files, "fanout.png", "Fan-out burst: deliveries/s (higher is better)", "deliveries/s", "fanout",
                    List.of(new Metric(x -> "N=" + x.get("subscribers") + " " + x.get("payloadBytes") + "B", "deliveriesPerSec")),
                    false, Report::peerOf);
            chart(files, "latency.png", "Paced fan-out: p99 and p99.9 latency (lower is better)", "ms", "paced",
                    List.of(new Metric(x -> x.get("targetDeliveriesPerSec") + "/s p99" + roundOf(x), "p99Ms"),
                            new Metric(x -> x.get("targetDeliveriesPerSec") + "/s p99.9" + roundOf(x), "p999Ms")), true,
                    Report::peerOf);
            chart(files, "echo.png", "Echo: round trips/s (higher is better)", "round trips/s", "echo",
                    List.of(new Metric(x -> x.get("concurrency") + " in flight", "roundTripsPerSec")), false, Report::peerOf);
            chart(files, "churn.png", "Churn: connect + hello + disconnect cycles/s (higher is better)", "cycles/s", "churn",
                    List.of(new Metric(x -> x.get("concurrency") + " concurrent", "cyclesPerSec")), false, Report::peerOf);
            idleCurve(files);
            chart(files, "idle-per-connection.png", "Idle connections: memory per connection (lower is better)", "KiB", "idle",
                    List.of(new Metric(x -> "RSS growth at " + x.get("connections"), "rssPerConnectionKiB"),
                            new Metric(x -> "live heap at " + x.get("connections"), "heapPerConnectionKiB")), false,
                    Report::peerOf, x -> x.containsKey("idleServerCpuPct"));
            chart(files, "startup.png", "Start to first accepted connection (lower is better)", "ms", "startup",
                    List.of(new Metric(x -> "run " + x.get("run"), "startToFirstConnectionMs")), false, Report::peerOf);
            chart(files, "storm.png", "Reconnect storm: time from the drop until all are back (lower is better)", "ms",
                    "storm", List.of(new Metric(x -> "all connected", "allConnectedMs"),
                            new Metric(x -> "all rejoined / recovered", "allRecoveredMs")), false, Report::peerOf);
            chart(files, "bigroom.png", "Big room: server CPU per delivery (lower is better)", "µs", "bigroom",
                    List.of(new Metric(x -> x.get("members") + " members", "serverCpuUsPerDelivery")), false, Report::peerOf);
            chart(files, "history.png", "Room publish, Switchboard with and without history: deliveries/s", "deliveries/s",
                    "history", List.of(new Metric(x -> "round " + x.get("round"), "deliveriesPerSec")), false,
                    x -> "history " + String.valueOf(x.get("historySetting")).split(" ")[0]);
        } catch (Throwable e) {
            // e.g. no fonts on a minimal machine: the numbers are still in the report
            Bench.log("charts skipped: " + e);
        }
        return files;
    }

    /** A row's round, as a suffix of its chart group ("" for a scenario measured once). */
    private static String roundOf(Map<String, Object> row) {
        return row.containsKey("round") ? " r" + row.get("round") : "";
    }

    private static String peerOf(Map<String, Object> row) {
        return (String) row.get("peer");
    }

    /** RSS against open connections while the idle sockets ramp up, one line per peer. */
    private void idleCurve(List<String> files) throws Exception {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Map<String, Object> x : r.getOrDefault("idle", List.of())) {
            if (x.get("rssCurve") instanceof List<?> curve) {
                List<double[]> points = new ArrayList<>();
                for (Object p : curve) {
                    List<?> xy = (List<?>) p;
                    points.add(new double[] {num(xy.get(0)), num(xy.get(1))});
                }
                series.put(peerOf(x), points);
            }
        }
        if (!series.isEmpty()) {
            Charts.lines(o.out.resolve("idle-rss.png"), "Idle connections on /echo: server RSS against open connections",
                    "open connections", "server RSS (MiB)", series);
            files.add("idle-rss.png");
        }
    }

    private void chart(List<String> files, String file, String title, String unit, String scenario, List<Metric> metrics,
            boolean log, Function<Map<String, Object>, String> seriesOf) throws Exception {
        chart(files, file, title, unit, scenario, metrics, log, seriesOf, x -> true);
    }

    private void chart(List<String> files, String file, String title, String unit, String scenario, List<Metric> metrics,
            boolean log, Function<Map<String, Object>, String> seriesOf, Predicate<Map<String, Object>> rowsShown)
            throws Exception {
        List<String> groups = new ArrayList<>();
        List<String> series = new ArrayList<>();
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map<String, Object> x : r.getOrDefault(scenario, List.of())) {
            if (!rowsShown.test(x)) {
                continue;
            }
            for (Metric m : metrics) {
                if (!(x.get(m.key()) instanceof Number v) || v.doubleValue() < 0) {
                    continue;
                }
                String g = m.group().apply(x);
                String s = seriesOf.apply(x);
                if (!groups.contains(g)) {
                    groups.add(g);
                }
                if (!series.contains(s)) {
                    series.add(s);
                }
                values.put(s + "\u0000" + g, v.doubleValue());
            }
        }
        if (values.isEmpty()) {
            return;
        }
        double[][] v = new double[series.size()][groups.size()];
        for (int si = 0; si < series.size(); si++) {
            for (int gi = 0; gi < groups.size(); gi++) {
                v[si][gi] = values.getOrDefault(series.get(si) + "\u0000" + groups.get(gi), Double.NaN);
            }
        }
        Charts.bars(o.out.resolve(file), title, unit, groups, series, v, log);
        files.add(file);
    }

    // ------------------------------------------------------------------ markdown

    private String markdown(Map<String, Object> meta, List<Map<String, Object>> targets, List<String> charts) {
        md.append("# Switchboard benchmark report\n\n");
        md.append("Mode **").append(meta.get("mode")).append("**, ").append(meta.get("startedAt")).append(", ")
                .append(meta.get("durationSeconds")).append(" s. Machine: ").append(meta.get("cpus")).append(" CPUs (")
                .append(meta.get("cpuModel")).append("), ").append(meta.get("java")).append(", Node ").append(meta.get("node"))
                .append(". JVM flags per peer: ").append(jvmFlags(meta.get("jvmOptsPerPeer")))
                .append(" (Switchboard also gets its AppCDS archive when built). Loader: Netty, ")
                .append(meta.get("loaderThreads")).append(" event-loop threads, same machine. Load average (1, 5, 15 min) at the ")
                .append("start ").append(meta.get("loadAverageAtStart")).append(", at the end ").append(meta.get("loadAverageAtEnd"))
                .append(" (above ").append(meta.get("cpus")).append(", the number of CPUs, other work competed for them).\n\n");
        md.append("Server, loader and everything else share the same cores, so absolute numbers are small-machine numbers; ")
                .append("the peers ran in the same run, one scenario at a time, each freshly started, so the ratios are what ")
                .append("to compare. CPU columns are percent of one core (200 % = both cores). The *bound by* column is a ")
                .append("reading of those CPU numbers, not a profile.\n\n");

        md.append("## Targets\n\n| Target | Measured (Switchboard vs peer) | Ratio | Result | Loader CPU |\n|---|---|---|---|---|\n");
        for (Map<String, Object> t : targets) {
            Object pass = t.get("pass");
            md.append("| ").append(t.get("target")).append(" | ").append(t.get("measured")).append(" | ")
                    .append(t.get("ratio") == null ? "–" : t.get("ratio") + "×").append(" | ")
                    .append(pass == null ? (t.get("ratio") == null ? "n/a" : "–") : (Boolean) pass ? "**PASS**" : "**FAIL**")
                    .append(" | ")
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
                + "time embedded in the payload (so a delayed sender does not hide latency). Recorded in an HdrHistogram. "
                + o.pacedRounds + (o.pacedRounds == 1 ? " round." : " rounds, every peer once in each, in turn; a target "
                + "on a ratio takes the round with the median ratio."),
                new String[] {"round", "subscribers", "targetDeliveriesPerSec", "achievedDeliveriesPerSec", "p50Ms", "p99Ms",
                    "p999Ms", "maxMs", "lost", "serverCpuPct", "loaderCpuPct", "machineCpuPct"},
                new String[] {"round", "N", "target/s", "achieved/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "lost",
                    "server CPU %", "loader CPU %", "machine CPU %"}, true);
        table("Echo round trip", "echo", "Closed loop on the echo endpoint: each connection sends 64 B, waits for it, sends again.",
                new String[] {"concurrency", "roundTripsPerSec", "p50Ms", "p99Ms", "maxMs", "serverCpuPct", "loaderCpuPct", "machineCpuPct"},
                new String[] {"in flight", "round trips/s", "p50 ms", "p99 ms", "max ms", "server CPU %", "loader CPU %", "machine CPU %"}, true);
        table("Connection churn", "churn", "Workers connect to the chat, send `hello` and wait for the `welcome` (Socket.IO: "
                + "the namespace ack), close with the closing handshake, repeat; a cycle counts only when all of that happened. "
                + "Observers stay connected and count the connect/disconnect notices: ≈ 1 + 1 per cycle means every notice reached "
                + "every observer, and after the run each observer must have had exactly one of each per worker connection "
                + "(missing / extra). Each peer first runs " + o.churnWarmupCycles + " warm-up cycles (at most "
                + o.churnWarmupMaxSeconds + " s): a JIT compiles what has run often enough, and the scenario measures a running "
                + "server's cost per connection; the warm-up's own rate is shown. Plain WebSocket workers and observers use the "
                + "loader's lean client (a prebuilt upgrade, frames parsed in place), so that the loader's cost per cycle stays "
                + "well below the servers'.",
                new String[] {"concurrency", "observers", "warmupSeconds", "warmupCyclesPerSec", "cyclesPerSec", "totalFailedCycles",
                    "connectNoticesPerObserverPerCycle", "disconnectNoticesPerObserverPerCycle", "noticesMissing", "noticesExtra",
                    "serverCpuUsPerCycle", "loaderCpuUsPerCycle", "serverCpuPct", "loaderCpuPct", "machineCpuPct"},
                new String[] {"workers", "observers", "warm-up s", "warm-up cycles/s", "connects+disconnects/s", "failed",
                    "connect notices/obs/cycle", "disconnect notices/obs/cycle", "notices missing", "notices extra",
                    "server CPU µs/cycle", "loader CPU µs/cycle", "server CPU %", "loader CPU %", "machine CPU %"}, true);
        table("Idle connections", "idle", "Connections to the echo endpoint (the chat would send every client a notice for "
                + "every other one), opened in steps by loader child processes from several 127.0.0.x addresses. RSS is the "
                + "server's VmRSS " + o.idleSettleMs + " ms after each step; per connection from the base before connecting, and "
                + "marginal between steps. At the last step: idle CPU over " + o.idleSeconds + " s, and for JVM peers the live "
                + "heap after a full GC (`jcmd PID GC.class_histogram`, before connecting and with every connection open).",
                new String[] {"connections", "rssBaseMiB", "rssMiB", "rssPerConnectionKiB", "marginalRssPerConnectionKiB",
                    "heapBaseMiB", "heapMiB", "heapPerConnectionKiB", "heapAfterCloseMiB", "idleServerCpuPct", "failedConnections"},
                new String[] {"open", "base RSS MiB", "RSS MiB", "RSS KiB/conn (from base)", "RSS KiB/conn (marginal)",
                    "live heap before MiB", "live heap open MiB", "live heap KiB/conn", "live heap after close MiB", "idle CPU %",
                    "failed"}, false);
        heapClasses();
        table("Startup", "startup", "From process spawn to the first WebSocket handshake accepted (polled every 5 ms), and RSS.",
                new String[] {"run", "startToFirstConnectionMs", "rssAtFirstConnectionMiB", "rssOneSecondLaterMiB"},
                new String[] {"run", "start → first connection ms", "RSS then MiB", "RSS 1 s later MiB"}, false);
        table("Reconnect storm", "storm", "Clients with the `switchboard.v1` subprotocol, held by loader child processes, "
                + "each in two rooms of about " + o.stormRoomSize + " members; one message per room before the drop. Then every "
                + "socket closes at once and each client reconnects after a random delay in [0, " + o.stormWindowMs + "] ms and "
                + "rejoins both rooms, with `since` (offset and epoch it saw) where the server keeps history, plainly where it "
                + "does not; one more message per room is published during the storm. Times are from the drop; *missed* counts "
                + "the storm messages a client never saw (the gap count cannot see those: no later message follows them). A failed attempt is retried after an exponential backoff with jitter "
                + "(250 ms doubling to 4 s, × 0.5–1), as client libraries do. Loader CPU counts the child processes.",
                new String[] {"clients", "rooms", "recovery", "allConnectedMs", "allRecoveredMs", "recoveredBoth", "failedAttempts",
                    "missedDuringStorm", "gaps", "duplicates", "rssBeforeMiB", "peakRssMiB", "serverCpuPct", "loaderCpuPct"},
                new String[] {"clients", "rooms", "rejoin", "all connected ms", "all back ms", "recovered", "failed attempts",
                    "missed", "gaps", "dup", "RSS before MiB", "peak RSS MiB", "server CPU %", "loader CPU %"}, false);
        table("Big room", "bigroom", "Members with the `switchboard.v1` subprotocol join one room at once with "
                + "`{\"type\":\"join\",\"room\":\"big\",\"events\":false}` (sent by the loader's event loops, each writing to "
                + "its own connections): time from the first join sent to the last `joined`. Before it, the same crowd joins "
                + "and leaves another room (*first join*: that join's time, on request paths no client has used yet). "
                + "Then a fan-out burst into the room (64 B, sender included, counted at the other members), all but "
                + o.bigroomSmall + " leave (timed), and the same burst to " + o.bigroomSmall + " members. Both bursts keep "
                + o.bigroomWindow + " messages in flight, so that every member's socket sees the same traffic and only the room's "
                + "size differs. Server CPU per delivery = server CPU time during the burst ÷ deliveries.",
                new String[] {"phase", "members", "firstJoinMs", "joinMs", "leaveMs", "windowMessages", "deliveriesPerSec", "serverCpuUsPerDelivery",
                    "lost", "duplicates", "serverCpuPct", "loaderCpuPct", "machineCpuPct"},
                new String[] {"phase", "members", "first join ms", "join ms", "leave ms", "in flight", "deliveries/s", "server µs/delivery", "lost",
                    "dup", "server CPU %", "loader CPU %", "machine CPU %"}, true);
        table("Room publish with history on and off", "history", "Switchboard with its default history and with "
                + "`switchboard.history.exclude=*`, started alternately; " + o.historySubscribers + " members in one room, one "
                + "publisher, 64 B, the fan-out burst above. *offsets* says whether messages carried offsets (history present).",
                new String[] {"historySetting", "round", "subscribers", "deliveriesPerSec", "lost", "offsetsOnMessages",
                    "serverCpuPct", "loaderCpuPct", "machineCpuPct"},
                new String[] {"history", "round", "members", "deliveries/s", "lost", "offsets", "server CPU %", "loader CPU %",
                    "machine CPU %"}, true);

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
            if (x.containsKey("notApplicable")) {
                md.append(" ").append(x.get("notApplicable")).append(" |\n");
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

    private static String jvmFlags(Object perPeer) {
        StringBuilder sb = new StringBuilder();
        if (perPeer instanceof Map<?, ?> m) {
            m.forEach((peer, flags) -> sb.append(sb.length() == 0 ? "" : ", ").append(label(String.valueOf(peer))).append(' ')
                    .append(String.valueOf(flags).isBlank() ? "none (plain `java -jar`)" : "`" + flags + "`"));
        }
        return sb.toString();
    }

    /** The classes whose live heap grew most per idle connection, for each JVM peer. */
    private void heapClasses() {
        for (Map<String, Object> x : r.getOrDefault("idle", List.of())) {
            if (!(x.get("heapTopClasses") instanceof List<?> top) || top.isEmpty()) {
                continue;
            }
            md.append("Live heap per connection by class, ").append(label(peerOf(x))).append(" (").append(x.get("connections"))
                    .append(" open):\n\n| class | bytes/conn | instances/conn |\n|---|---|---|\n");
            for (Object o : top) {
                Map<?, ?> c = (Map<?, ?>) o;
                md.append("| `").append(c.get("class")).append("` | ").append(c.get("bytesPerConnection")).append(" | ")
                        .append(c.get("instancesPerConnection")).append(" |\n");
            }
            md.append('\n');
        }
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
