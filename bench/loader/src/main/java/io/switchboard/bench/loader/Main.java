package io.switchboard.bench.loader;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.concurrent.atomic.LongAdder;

/**
 * Entry point. {@code run [options]} runs the benchmark and writes the report; {@code idle-child ...} is
 * the helper process that holds idle connections (so no process needs more than ~10k sockets).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("idle-child")) {
            idleChild(args);
            return;
        }
        String[] rest = args.length > 0 && args[0].equals("run") ? Arrays.copyOfRange(args, 1, args.length) : args;
        Options o = Options.parse(rest);
        Files.createDirectories(o.out);
        Map<String, Peer> peers = peers(o);
        long t0 = System.nanoTime();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("mode", o.smoke ? "smoke" : "full");
        meta.put("startedAt", java.time.Instant.now().toString());
        meta.put("cpus", Runtime.getRuntime().availableProcessors());
        meta.put("cpuModel", cpuModel());
        meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        meta.put("node", command("node", "--version"));
        meta.put("jvmOptsForJvmPeers", o.jvmOpts);
        meta.put("loaderThreads", o.loaderThreads);
        meta.put("peers", o.peers);
        meta.put("scenarios", o.scenarios);
        Bench bench;
        try (Net net = new Net(o.loaderThreads)) {
            bench = new Bench(o, net, peers);
            bench.runAll();
        }
        meta.put("durationSeconds", Math.round((System.nanoTime() - t0) / 1e9));
        Report.write(o, meta, bench.results);
        Bench.log("report: " + o.out.resolve("report.md"));
        System.exit(0);
    }

    static Map<String, Peer> peers(Options o) {
        Path root = o.root;
        List<String> jvmOpts = o.jvmOpts.isBlank() ? List.of() : Arrays.asList(o.jvmOpts.trim().split("\\s+"));
        Map<String, Peer> m = new LinkedHashMap<>();
        String switchboardJar = root.resolve("target/quarkus-app/quarkus-run.jar").toString();
        // The way Switchboard is meant to be run: with its AppCDS archive when the build produced one.
        Path cds = root.resolve("target/quarkus-app/app-cds.jsa");
        List<String> switchboardOpts = new ArrayList<>(jvmOpts);
        if (Files.isRegularFile(cds)) {
            switchboardOpts.add("-XX:SharedArchiveFile=" + cds);
        }
        m.put("switchboard", new Peer("switchboard", "Switchboard", false, true, 1,
                (i, port, side) -> jvm(switchboardOpts, List.of("-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"),
                        switchboardJar), null));
        m.put("plain-quarkus", new Peer("plain-quarkus", "plain websockets-next", false, true, 1,
                (i, port, side) -> jvm(jvmOpts, List.of("-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"),
                        root.resolve("bench/peers/plain-quarkus/target/quarkus-app/quarkus-run.jar").toString()), null));
        m.put("ws", new Peer("ws", "Node ws", false, false, 1,
                (i, port, side) -> List.of("node", root.resolve("bench/peers/node/ws-server.js").toString(),
                        Integer.toString(port), "127.0.0.1"), null));
        m.put("socketio", new Peer("socketio", "Socket.IO 4", true, false, 1,
                (i, port, side) -> List.of("node", root.resolve("bench/peers/node/socketio-server.js").toString(),
                        Integer.toString(port), "127.0.0.1"), null));
        if (o.redis) {
            // Cross-instance: two instances sharing one Redis, the publisher on the first, every
            // subscriber on the second, so every delivery crosses Redis. Needs `redis-server` on PATH.
            IntFunction<List<String>> redis = side -> List.of("redis-server", "--port", Integer.toString(side), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no");
            Peer sbRedis = new Peer("switchboard-redis", "Switchboard ×2 over Redis", false, true, 2,
                    (i, port, side) -> {
                        List<String> extra = new ArrayList<>(List.of("-Dquarkus.http.port=" + port,
                                "-Dquarkus.http.host=127.0.0.1"));
                        for (String a : o.redisArgs.trim().split("\\s+")) {
                            extra.add(a.replace("{redisPort}", Integer.toString(side)));
                        }
                        return jvm(switchboardOpts, extra, switchboardJar);
                    }, redis);
            sbRedis.subscribersFrom = 1;
            m.put("switchboard-redis", sbRedis);
            Peer wsRedis = new Peer("ws-redis", "Node ws ×2 over Redis", false, false, 2,
                    (i, port, side) -> List.of("node", root.resolve("bench/peers/node/ws-redis-server.js").toString(),
                            Integer.toString(port), Integer.toString(side), "127.0.0.1"), redis);
            wsRedis.subscribersFrom = 1;
            m.put("ws-redis", wsRedis);
        }
        return m;
    }

    private static List<String> jvm(List<String> opts, List<String> props, String jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Bench.javaBin());
        cmd.addAll(opts);
        cmd.addAll(props);
        cmd.add("-jar");
        cmd.add(jar);
        return cmd;
    }

    /** Holds {@code count} idle connections from one source address until "STOP" arrives on stdin. */
    private static void idleChild(String[] args) throws Exception {
        URI uri = URI.create(args[1]);
        boolean sio = Boolean.parseBoolean(args[2]);
        String ns = args[3].equals("-") ? "" : args[3];
        int count = Integer.parseInt(args[4]);
        String source = args[5];
        LongAdder dropped = new LongAdder();
        try (Net net = new Net(1)) {
            AtomicInteger failed = new AtomicInteger();
            Conn.Listener l = new Conn.Listener() {
                @Override
                public void onClosed(Conn conn) {
                    dropped.increment();
                }
            };
            List<Conn> conns = net.connectMany(List.of(new Target(uri, sio, ns)), count, List.of(source), 256, l, failed);
            System.out.println("READY " + conns.size() + " " + failed.get());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null && !line.equals("STOP")) {
                // wait
            }
            System.out.println("CPU " + Proc.selfCpuTicks() + " dropped " + dropped.sum());
            System.out.flush();
            Net.closeAll(conns);
        }
        System.exit(0);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "unknown";
    }

    private static String command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (Exception e) {
            return "unavailable";
        }
    }
}
