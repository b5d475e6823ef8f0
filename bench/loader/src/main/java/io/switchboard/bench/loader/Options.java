package io.switchboard.bench.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line settings of a run; {@code --smoke} picks tiny sizes. */
final class Options {
    boolean smoke;
    Path root = Path.of(".").toAbsolutePath().normalize();
    Path out;
    List<String> peers = new ArrayList<>(List.of("switchboard", "plain-quarkus", "ws", "socketio"));
    List<String> scenarios = new ArrayList<>(List.of("startup", "fanout", "paced", "echo", "churn", "idle"));
    int loaderThreads = 2;
    String jvmOpts = "-Xms256m -Xmx1g";
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
    int echoConcurrency = 64;
    int echoSeconds = 8;
    int churnConcurrency = 32;
    int churnObservers = 20;
    int churnSeconds = 8;
    int[] idleSteps = {5_000, 19_000};
    int idlePerProcess = 9_500;
    int idleSeconds = 5;
    long idleSettleMs = 3_000;
    int startupRepeats = 3;
    long stallMillis = 5_000;

    static Options parse(String[] args) {
        Options o = new Options();
        for (String a : args) {
            if (a.equals("--smoke")) {
                o.smoke = true;
            }
        }
        if (o.smoke) {
            o.peers = new ArrayList<>(List.of("switchboard", "ws"));
            o.fanoutSubscribers = new int[] {50};
            o.fanoutSizes = new int[] {64};
            o.fanoutDeliveries = 20_000;
            o.fanoutMaxSeconds = 5;
            o.pacedRates = new int[] {5_000};
            o.pacedSubscribers = 50;
            o.pacedWarmupSec = 1;
            o.pacedSeconds = 2;
            o.echoConcurrency = 8;
            o.echoSeconds = 2;
            o.churnConcurrency = 4;
            o.churnObservers = 5;
            o.churnSeconds = 2;
            o.idleSteps = new int[] {200, 500};
            o.idleSeconds = 1;
            o.idleSettleMs = 1_000;
            o.echoSeconds = 1;
            o.churnSeconds = 1;
            o.pacedSeconds = 1;
            o.startupRepeats = 1;
            o.stallMillis = 3_000;
        }
        for (String a : args) {
            if (a.equals("--smoke")) {
                continue;
            }
            String[] kv = a.split("=", 2);
            String v = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "--root" -> o.root = Path.of(v).toAbsolutePath().normalize();
                case "--out" -> o.out = Path.of(v).toAbsolutePath().normalize();
                case "--peers" -> o.peers = new ArrayList<>(Arrays.asList(v.split(",")));
                case "--scenarios" -> o.scenarios = new ArrayList<>(Arrays.asList(v.split(",")));
                case "--loader-threads" -> o.loaderThreads = Integer.parseInt(v);
                case "--jvm-opts" -> o.jvmOpts = v;
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
                case "--echo-concurrency" -> o.echoConcurrency = Integer.parseInt(v);
                case "--idle-steps" -> o.idleSteps = ints(v);
                case "--startup-repeats" -> o.startupRepeats = Integer.parseInt(v);
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
            o.jvmOpts = o.jvmOpts + " -XX:StartFlightRecording=settings=profile";
        }
        if (o.out == null) {
            o.out = o.root.resolve("target/bench");
        }
        return o;
    }

    private static int[] ints(String v) {
        return Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
