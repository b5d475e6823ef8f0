package io.switchboard.bench.loader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Entry point. {@code run [options]} runs the benchmark and writes the report; {@code idle-child ...} and
 * {@code storm-child ...} are the helper processes that hold client sockets (so no process needs more
 * than ~10k sockets).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("idle-child")) {
            Idle.child(args);
            return;
        }
        if (args.length > 0 && args[0].equals("storm-child")) {
            Storm.child(args);
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
        meta.put("loadAverageAtStart", loadAverage());
        meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        meta.put("node", command("node", "--version"));
        meta.put("jvmOptsPerPeer", o.jvmOpts);
        meta.put("loaderThreads", o.loaderThreads);
        meta.put("peers", o.peers);
        meta.put("scenarios", o.scenarios);
        Bench bench;
        try (Net net = new Net(o.loaderThreads)) {
            bench = new Bench(o, net, peers);
            bench.runAll();
        }
        meta.put("durationSeconds", Math.round((System.nanoTime() - t0) / 1e9));
        meta.put("loadAverageAtEnd", loadAverage());
        Report.write(o, meta, bench.results);
        Bench.log("report: " + o.out.resolve("report.md"));
        System.exit(0);
    }

    static Map<String, Peer> peers(Options o) {
        Path root = o.root;
        Map<String, Peer> m = new LinkedHashMap<>();
        String switchboardJar = root.resolve("target/quarkus-app/quarkus-run.jar").toString();
        // The way Switchboard is meant to be run: with its AppCDS archive when the build produced one.
        Path cds = root.resolve("target/quarkus-app/app-cds.jsa");
        List<String> switchboardOpts = new ArrayList<>(o.jvmArgs("switchboard"));
        if (Files.isRegularFile(cds)) {
            switchboardOpts.add("-XX:SharedArchiveFile=" + cds);
        }
        // The load generator is one client on a few addresses sending as fast as it can: measure the
        // hub, not its abuse limits.
        switchboardOpts.addAll(List.of("-Dswitchboard.rate-limit.frames-per-second=0", "-Dswitchboard.rate-limit.bytes-per-second=0",
                "-Dswitchboard.connections.max-per-ip=0", "-Dswitchboard.connections.rate=0", "-Dswitchboard.limits.max-rooms=0"));
        List<String> listen = List.of("-Dquarkus.http.host=127.0.0.1");
        m.put("switchboard", new Peer("switchboard", "Switchboard", false, true, 1,
                (i, port, side) -> jvm(switchboardOpts, port, listen, switchboardJar), null, Peer.ROOMS));
        // The same jar with the hub's own counting off: run next to "switchboard" to see what metrics cost.
        m.put("switchboard-nometrics", new Peer("switchboard-nometrics", "Switchboard, metrics off", false, true, 1,
                (i, port, side) -> jvm(switchboardOpts, port, List.of("-Dquarkus.http.host=127.0.0.1", "-Dswitchboard.metrics.enabled=false"),
                        switchboardJar), null, Peer.ROOMS));
        // Switchboard's Socket.IO endpoint, the same jar, against the Node Socket.IO 4 peer: no feed
        // pushed to every socket (the Node peer has none), chat over `42["broadcast",…]` events.
        m.put("switchboard-socketio", new Peer("switchboard-socketio", "Switchboard Socket.IO", true, true, 1,
                (i, port, side) -> jvm(switchboardOpts, port, List.of("-Dquarkus.http.host=127.0.0.1", "-Dswitchboard.socketio.feeds=none"),
                        switchboardJar), null, Peer.SOCKETIO_CHAT));
        List<String> plainOpts = o.jvmArgs("plain-quarkus");
        m.put("plain-quarkus", new Peer("plain-quarkus", "plain websockets-next", false, true, 1,
                (i, port, side) -> jvm(plainOpts, port, listen,
                        root.resolve("bench/peers/plain-quarkus/target/quarkus-app/quarkus-run.jar").toString()), null,
                Peer.CHAT));
        m.put("ws", new Peer("ws", "Node ws", false, false, 1,
                (i, port, side) -> List.of("node", root.resolve("bench/peers/node/ws-server.js").toString(),
                        Integer.toString(port), "127.0.0.1"), null, Peer.ROOMS));
        m.put("socketio", new Peer("socketio", "Socket.IO 4", true, false, 1,
                (i, port, side) -> List.of("node", root.resolve("bench/peers/node/socketio-server.js").toString(),
                        Integer.toString(port), "127.0.0.1"), null, Peer.CHAT));
        Path yardstick = root.resolve("bench/peers/c-epoll/target/chat-epoll");
        if (Files.isExecutable(yardstick)) { // built by bench/run.sh when gcc is on PATH
            m.put("c-epoll", new Peer("c-epoll", "C epoll (yardstick)", false, false, 1,
                    (i, port, side) -> List.of(yardstick.toString(), Integer.toString(port), "127.0.0.1"), null, Peer.CHAT));
        }
        if (o.redis) {
            // Cross-instance: two instances sharing one Redis, the publisher on the first, every
            // subscriber on the second, so every delivery crosses Redis. Needs `redis-server` on PATH.
            IntFunction<List<String>> redis = side -> List.of("redis-server", "--port", Integer.toString(side), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no");
            Peer sbRedis = new Peer("switchboard-redis", "Switchboard ×2 over Redis", false, true, 2,
                    (i, port, side) -> {
                        List<String> extra = new ArrayList<>(listen);
                        for (String a : o.redisArgs.trim().split("\\s+")) {
                            extra.add(a.replace("{redisPort}", Integer.toString(side)));
                        }
                        return jvm(switchboardOpts, port, extra, switchboardJar);
                    }, redis, Peer.CHAT);
            sbRedis.subscribersFrom = 1;
            m.put("switchboard-redis", sbRedis);
            Peer wsRedis = new Peer("ws-redis", "Node ws ×2 over Redis", false, false, 2,
                    (i, port, side) -> List.of("node", root.resolve("bench/peers/node/ws-redis-server.js").toString(),
                            Integer.toString(port), Integer.toString(side), "127.0.0.1"), redis, Peer.CHAT);
            wsRedis.subscribersFrom = 1;
            m.put("ws-redis", wsRedis);
        }
        return m;
    }

    private static List<String> jvm(List<String> opts, int port, List<String> props, String jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Bench.javaBin());
        cmd.addAll(opts);
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.addAll(props);
        cmd.add("-jar");
        cmd.add(jar);
        return cmd;
    }

    /** The 1, 5 and 15 minute load averages: how busy the machine was with other work too. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
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
