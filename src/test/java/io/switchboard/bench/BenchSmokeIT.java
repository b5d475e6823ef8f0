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
 * Runs {@code bench/run.sh --smoke} against the packaged jar and Node ws, and checks that the report,
 * the results and the charts come out with sane numbers.
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
        boolean finished = run.waitFor(240, TimeUnit.SECONDS);
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
        for (JsonNode row : results.at("/scenarios/paced")) {
            assertThat(row.get("lost").asLong()).as("paced loss of %s", row.get("peer")).isZero();
            assertThat(row.get("p99Ms").asDouble()).isPositive();
        }
        for (JsonNode row : results.at("/scenarios/startup")) {
            assertThat(row.get("startToFirstConnectionMs").asDouble()).isPositive();
        }
        assertThat(results.at("/targets").size()).isPositive();

        String report = Files.readString(OUT.resolve("report.md"));
        assertThat(report).contains("## Targets", "## Fan-out burst", "Switchboard", "Node ws");
        assertThat(pngs()).isNotEmpty();
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
