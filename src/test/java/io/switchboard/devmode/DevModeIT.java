package io.switchboard.devmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.testing.LocalServers;
import io.switchboard.testing.WsClient;

/**
 * The README's first command, {@code ./mvnw quarkus:dev}, as a newcomer runs it: the service comes
 * up, serves the demo page and answers a hub request over a real WebSocket, and stops leaving
 * nothing behind.
 *
 * <p>Dev mode compiles into {@code target/classes} of the project it runs in. It runs here in a
 * copy of the project under {@code target/devmode-it/project}, so the build around this test keeps
 * its own {@code target/} (the packaged jar and classes the other integration tests use) untouched.
 * The first start on a fresh machine also downloads what only dev mode needs (the Dev UI and its
 * dependencies), so it may take minutes.
 */
class DevModeIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path WORK = PROJECT.resolve("target/devmode-it");
    private static final Path COPY = WORK.resolve("project");
    private static final Path LOG = WORK.resolve("quarkus-dev.log");
    /** What a clone holds that dev mode reads; everything else (docs, bench, target) stays out. */
    private static final List<String> PROJECT_FILES = List.of("pom.xml", "mvnw", ".mvn", "src");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void quarkusDevServesThePageAndTheHubAndStopsCleanly() throws IOException {
        copyProject();
        int port = LocalServers.freePort();
        URI base = URI.create("http://127.0.0.1:" + port + "/");

        ProcessGroup dev = ProcessGroup.start(command(port), COPY, Map.of("JAVA_HOME", System.getProperty("java.home")), LOG);
        try {
            await("dev mode serving GET / on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(dev.leaderAlive()).as("./mvnw quarkus:dev still running; log %s:%n%s", LOG,
                                LocalServers.tail(LOG, 60)).isTrue();
                        int status = LocalServers.status(base);
                        // Dev mode answers 500 with its error page when the application failed to start.
                        assertThat(status).as("GET / in dev mode; log %s:%n%s", LOG, LocalServers.tail(LOG, 60))
                                .isLessThan(500);
                        return status == 200;
                    });

            try (WsClient client = WsClient.open(base, "/")) {
                client.send("{\"type\":\"hello\",\"id\":1}");
                JsonNode welcome = client.nextJson();
                assertThat(welcome.get("type").asText()).isEqualTo("welcome");
                assertThat(welcome.get("id").asInt()).isEqualTo(1);
                assertThat(welcome.at("/payload/client").asLong()).isPositive();
                assertThat(welcome.at("/payload/rooms").toString()).isEqualTo("[\"lobby\"]");
                assertThat(welcome.at("/payload/version").asText()).isNotBlank();
            }
        } finally {
            dev.close();
        }

        assertThat(dev.members()).as("processes of dev mode's group %d after the stop", dev.id()).isEmpty();
        assertThat(LocalServers.answers200(base)).as("port %d still answering after the stop", port).isFalse();
    }

    private static List<String> command(int port) {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "quarkus:dev",
                "-Dquarkus.http.port=" + port,
                // the debugger port (5005) may be taken by another build on this machine
                "-Ddebug=false"));
        String repository = System.getProperty("switchboard.it.maven-repo", "");
        if (!repository.isBlank() && !repository.startsWith("${")) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        return command;
    }

    private static void copyProject() throws IOException {
        deleteRecursively(COPY);
        Files.createDirectories(COPY);
        Files.deleteIfExists(LOG);
        for (String name : PROJECT_FILES) {
            copyRecursively(PROJECT.resolve(name), COPY.resolve(name));
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            paths.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
