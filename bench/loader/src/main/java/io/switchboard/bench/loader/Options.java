package io.switchboard.bench.loader;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Command-line settings of a run; {@code --smoke} picks tiny sizes. */
final class Options {
    /** Scenarios of a full run, in the order they run. */
    static final List<String> SCENARIOS = List.of("startup", "fanout", "paced", "echo", "churn", "idle", "storm", "bigroom",
            "history");

    boolean smoke;
    Path root = Path.of(".").toAbsolutePath().normalize();
    Path out;
    List<String> peers = new ArrayList<>(List.of("switchboard", "plain-quarkus", "ws", "socketio", "switchboard-socketio", "c-epoll"));
    List<String> scenarios = new ArrayList<>(SCENARIOS);
    int loaderThreads = 2;
    /** JVM flags per JVM peer; defaults from bench/peers/jvm-options.properties. */
    final Map<String, String> jvmOpts = new LinkedHashMap<>();
    boolean redis;
    boolean profile;
    String redisArgs = "-Dswitchboard.backplane.kind=redis -Dquarkus.redis.hosts=redis://127.0.0.1:{redisPort}";
    int basePort = 20100;

    // scenario sizes (full run)
    int[] fanoutSubscribers = {100, 1000};
    int[] fanoutSizes = {64, 1024};
    long fanoutDeliveries = 300_000;
    long fanoutWindowDeliveries = 50_000;
    int fanoutMaxSeconds = 8;
    int[] pacedRates = {25_000, 100_000};
    int pacedSubscribers = 500;
    int pacedWarmupSec = 2;
    int pacedSeconds = 6;
    /** Rounds of the paced scenario, the peers interleaved in each; targets take the median round's ratio. */
    int pacedRounds = 3;
    int echoConcurrency = 64;
    int echoSeconds = 8;
    int churnConcurrency = 32;
    int churnObservers = 20;
    int churnSeconds = 8;
    /** Cycles every peer runs before the measurement, unless {@link #churnWarmupMaxSeconds} pass first. */
    int churnWarmupCycles = 20_000;
    int churnWarmupMaxSeconds = 90;
    int[] idleSteps = {1_000, 2_500, 5_000, 7_500, 10_000, 12_500, 15_000};
    int idlePerProcess = 9_500;
    int idleSeconds = 5;
    long idleSettleMs = 2_500;
    int startupRepeats = 5;
    long stallMillis = 5_000;
    int stormClients = 15_000;
    int stormRoomSize = 20;
    int stormWindowMs = 1_000;
    int stormPerProcess = 7_500;
    int bigroomMembers = 15_000;
    int bigroomSmall = 500;
    long bigroomDeliveries = 600_000;
    /** Messages in flight in both big-room fan-out bursts. */
    int bigroomWindow = 16;
    int historySubscribers = 1_000;
    int historyRounds = 2;

    static Options parse(String[] args) throws IOException {
        Options o = new Options();
        for (String a : args) {
            if (a.equals("--smoke")) {
                o.smoke = true;
            } else if (a.startsWith("--root=")) {
                o.root = Path.of(a.substring(7)).toAbsolutePath().normalize();
            }
        }
        o.loadJvmOpts(o.root.resolve("bench/peers/jvm-options.properties"));
        if (o.smoke) {
            o.peers = new ArrayList<>(List.of("switchboard", "ws", "c-epoll"));
            o.fanoutSubscribers = new int[] {50};
            o.fanoutSizes = new int[] {64};
            o.fanoutDeliveries = 20_000;
            o.fanoutMaxSeconds = 5;
            o.pacedRates = new int[] {5_000};
            o.pacedSubscribers = 50;
            o.pacedWarmupSec = 1;
            o.pacedSeconds = 1;
            o.pacedRounds = 1;
            o.echoConcurrency = 8;
            o.echoSeconds = 1;
            o.churnConcurrency = 4;
            o.churnObservers = 5;
            o.churnSeconds = 1;
            o.churnWarmupCycles = 50;
            o.churnWarmupMaxSeconds = 2;
            o.idleSteps = new int[] {200, 500};
            o.idleSeconds = 1;
            o.idleSettleMs = 700;
            o.startupRepeats = 1;
            o.stallMillis = 3_000;
            o.stormClients = 300;
            o.stormRoomSize = 10;
            o.stormPerProcess = 150;
            o.bigroomMembers = 300;
            o.bigroomSmall = 50;
            o.bigroomDeliveries = 15_000;
            o.historySubscribers = 50;
            o.historyRounds = 1;
        }
        for (String a : args) {
            if (a.equals("--smoke")) {
                continue;
            }
            String[] kv = a.split("=", 2);
            String v = kv.length > 1 ? kv[1] : "";
            if (kv[0].startsWith("--jvm-opts.")) {
                o.jvmOpts.put(kv[0].substring("--jvm-opts.".length()), v);
                continue;
            }
            switch (kv[0]) {
                case "--root" -> o.root = Path.of(v).toAbsolutePath().normalize();
                case "--out" -> o.out = Path.of(v).toAbsolutePath().normalize();
                case "--peers" -> o.peers = new ArrayList<>(Arrays.asList(v.split(",")));
                case "--scenarios" -> o.scenarios = new ArrayList<>(Arrays.asList(v.split(",")));
                case "--loader-threads" -> o.loaderThreads = Integer.parseInt(v);
                case "--jvm-opts" -> o.jvmOpts.replaceAll((peer, old) -> v);
                case "--redis" -> o.redis = true;
                case "--profile" -> o.profile = true;
                case "--redis-args" -> o.redisArgs = v;
                case "--base-port" -> o.basePort = Integer.parseInt(v);
                case "--fanout-subscribers" -> o.fanoutSubscribers = ints(v);
                case "--fanout-sizes" -> o.fanoutSizes = ints(v);
                case "--fanout-deliveries" -> o.fanoutDeliveries = Long.parseLong(v);
                case "--fanout-window" -> o.fanoutWindowDeliveries = Long.parseLong(v);
                case "--paced-rates" -> o.pacedRates = ints(v);
                case "--paced-subscribers" -> o.pacedSubscribers = Integer.parseInt(v);
                case "--paced-seconds" -> o.pacedSeconds = Integer.parseInt(v);
                case "--paced-rounds" -> o.pacedRounds = Math.max(1, Integer.parseInt(v));
                case "--echo-concurrency" -> o.echoConcurrency = Integer.parseInt(v);
                case "--churn-concurrency" -> o.churnConcurrency = Integer.parseInt(v);
                case "--churn-seconds" -> o.churnSeconds = Integer.parseInt(v);
                case "--churn-warmup" -> o.churnWarmupCycles = Integer.parseInt(v);
                case "--churn-warmup-max-seconds" -> o.churnWarmupMaxSeconds = Integer.parseInt(v);
                case "--idle-steps" -> o.idleSteps = ints(v);
                case "--startup-repeats" -> o.startupRepeats = Integer.parseInt(v);
                case "--storm-clients" -> o.stormClients = Integer.parseInt(v);
                case "--storm-room-size" -> o.stormRoomSize = Integer.parseInt(v);
                case "--storm-window-ms" -> o.stormWindowMs = Integer.parseInt(v);
                case "--bigroom-members" -> o.bigroomMembers = Integer.parseInt(v);
                case "--bigroom-small" -> o.bigroomSmall = Integer.parseInt(v);
                case "--bigroom-window" -> o.bigroomWindow = Integer.parseInt(v);
                case "--history-subscribers" -> o.historySubscribers = Integer.parseInt(v);
                case "--history-rounds" -> o.historyRounds = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + a + " (see bench/README.md)");
            }
        }
        if (o.redis && !o.peers.contains("switchboard-redis")) {
            o.peers.add(Math.min(1, o.peers.size()), "switchboard-redis");
        }
        if (o.redis && !o.peers.contains("ws-redis")) {
            o.peers.add(o.peers.indexOf("switchboard-redis") + 1, "ws-redis");
        }
        if (o.profile) {
            o.jvmOpts.replaceAll((peer, flags) -> flags + " -XX:StartFlightRecording=settings=profile");
        }
        if (o.out == null) {
            o.out = o.root.resolve("target/bench");
        }
        return o;
    }

    /** JVM flags of one peer, split into arguments (none when the peer has no entry). */
    List<String> jvmArgs(String peer) {
        String flags = jvmOpts.getOrDefault(peer, "").trim();
        return flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
    }

    private void loadJvmOpts(Path file) throws IOException {
        jvmOpts.put("switchboard", "");
        jvmOpts.put("plain-quarkus", "");
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> jvmOpts.put(k, p.getProperty(k).trim()));
        }
    }

    private static int[] ints(String v) {
        return Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
