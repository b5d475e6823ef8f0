package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code bench/run.sh --smoke} against the packaged jar, Node ws and the C epoll yardstick, and checks
 * that the report, the results and the charts come out with sane numbers. Room scenarios that need server
 * features this build lacks must say so in a row ("not applicable"), never fail.
 */
class BenchSmokeIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path OUT = ROOT.resolve("target/bench-smoke");

    @Test
    void smokeRunWritesReportWithDeliveriesAndNoLoss() throws Exception {
        Path log = ROOT.resolve("target/bench-smoke.log");
        Files.createDirectories(OUT);
        Process run = new ProcessBuilder("bash", "bench/run.sh", "--smoke", "--out=" + OUT)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = run.waitFor(420, TimeUnit.SECONDS); // ≈1–2 min; generous for a loaded machine
        if (!finished) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
        assertThat(finished).as("smoke run finished in time; see %s", log).isTrue();
        assertThat(run.exitValue()).as("exit code of bench/run.sh --smoke; see %s", log).isZero();

        JsonNode results = new ObjectMapper().readTree(OUT.resolve("results.json").toFile());
        assertThat(results.at("/meta/mode").asText()).isEqualTo("smoke");
        JsonNode fanout = results.at("/scenarios/fanout");
        assertThat(peers(fanout)).contains("switchboard", "ws");
        for (JsonNode row : fanout) {
            assertThat(row.has("error")).as("fan-out error: %s", row).isFalse();
            assertThat(row.get("deliveries").asLong()).as("deliveries of %s", row.get("peer")).isPositive();
            assertThat(row.get("deliveriesPerSec").asDouble()).isPositive();
            assertThat(row.get("lost").asLong()).as("lost by %s", row.get("peer")).isZero();
        }
        JsonNode paced = results.at("/scenarios/paced");
        assertThat(peers(paced)).contains("switchboard", "ws", "c-epoll");
        for (JsonNode row : paced) {
            assertThat(row.has("error")).as("paced error: %s", row).isFalse();
            assertThat(row.get("lost").asLong()).as("paced loss of %s", row.get("peer")).isZero();
            assertThat(row.get("p99Ms").asDouble()).isPositive();
            assertThat(row.get("p999Ms").asDouble()).isPositive();
        }
        for (JsonNode row : results.at("/scenarios/churn")) {
            assertThat(row.get("cyclesPerSec").asDouble()).as("churn of %s", row.get("peer")).isPositive();
            assertThat(row.get("totalFailedCycles").asLong()).as("failed churn cycles of %s", row).isZero();
            assertThat(row.get("noticesMissing").asLong()).as("notices missing at the churn observers of %s", row).isZero();
            assertThat(row.get("noticesExtra").asLong()).as("notices seen twice by the churn observers of %s", row).isZero();
        }
        JsonNode idle = results.at("/scenarios/idle");
        JsonNode switchboardIdle = last(idle, "switchboard");
        assertThat(switchboardIdle.get("heapPerConnectionKiB").asDouble()).as("live heap per connection").isPositive();
        assertThat(switchboardIdle.get("rssCurve").size()).isEqualTo(3);
        assertThat(last(idle, "ws").get("connections").asInt()).isEqualTo(500);

        JsonNode storm = last(results.at("/scenarios/storm"), "ws");
        assertThat(storm.has("error")).as("storm error: %s", storm).isFalse();
        assertThat(storm.get("rejoinedBoth").asInt()).as("ws clients back in both rooms").isEqualTo(storm.get("clients").asInt());
        assertThat(storm.get("allRecoveredMs").asDouble()).isPositive();
        JsonNode big = results.at("/scenarios/bigroom");
        assertThat(first(big, "ws").get("joinMs").asDouble()).as("big room join time").isPositive();
        for (JsonNode row : big) {
            if (row.has("deliveries")) {
                assertThat(row.get("lost").asLong()).as("big room loss of %s", row).isZero();
            }
        }
        for (String scenario : List.of("storm", "bigroom", "history")) {
            for (JsonNode row : results.at("/scenarios/" + scenario)) {
                assertThat(row.has("error")).as("%s error: %s", scenario, row).isFalse();
            }
        }
        for (JsonNode row : results.at("/scenarios/startup")) {
            assertThat(row.get("startToFirstConnectionMs").asDouble()).isPositive();
        }
        assertThat(results.at("/targets").size()).isPositive();

        String report = Files.readString(OUT.resolve("report.md"));
        assertThat(report).contains("## Targets", "## Fan-out burst", "## Reconnect storm", "## Big room", "Switchboard",
                "Node ws", "C epoll (yardstick)");
        assertThat(pngs()).extracting(p -> p.getFileName().toString()).contains("fanout.png", "latency.png", "idle-rss.png",
                "storm.png", "bigroom.png");
    }

    private static JsonNode first(JsonNode rows, String peer) {
        for (JsonNode row : rows) {
            if (row.get("peer").asText().equals(peer)) {
                return row;
            }
        }
        throw new AssertionError("no row of " + peer + " in " + rows);
    }

    private static JsonNode last(JsonNode rows, String peer) {
        JsonNode found = null;
        for (JsonNode row : rows) {
            if (row.get("peer").asText().equals(peer)) {
                found = row;
            }
        }
        assertThat(found).as("a row of %s in %s", peer, rows).isNotNull();
        return found;
    }

    private static List<String> peers(JsonNode rows) {
        List<String> peers = new ArrayList<>();
        rows.forEach(r -> peers.add(r.get("peer").asText()));
        return peers;
    }

    private static List<Path> pngs() throws IOException {
        try (var files = Files.list(OUT)) {
            return files.filter(p -> p.toString().endsWith(".png")).toList();
        }
    }
}
