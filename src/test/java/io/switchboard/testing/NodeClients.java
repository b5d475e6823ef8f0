package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Third-party Node clients for tests: the scripts and the locked packages in {@code src/test/node}
 * (installed with {@code npm ci} on first use), run with the machine's {@code node}. Without
 * {@code node} the calling test is skipped with a message, unless {@code CI=true}, where that is a
 * failure.
 */
public final class NodeClients {
    public static final Path DIR = Path.of("src", "test", "node");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeClients() {
    }

    /** Makes sure {@code node} runs and the packages are installed; skips the test when node is missing. */
    public static synchronized void require() {
        if (!runs("node", "--version")) {
            String message = "no 'node' on PATH (apt-get install nodejs npm)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true requires the Node client tests to run, but there is " + message);
            }
            Assumptions.abort("Skipping Node client tests: " + message + "; with CI=true this is a failure");
        }
        Path installed = DIR.resolve("node_modules").resolve(".package-lock.json");
        try {
            if (Files.exists(installed)
                    && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(DIR.resolve("package-lock.json"))) >= 0) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result install = exec(INSTALL_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        if (install.exitCode() != 0) {
            fail("npm ci in " + DIR + " failed (" + install.exitCode() + "):\n" + install.output());
        }
    }

    /**
     * Runs {@code node script args...} in {@link #DIR} and returns what it printed, one JSON
     * object per line.
     */
    public static List<JsonNode> run(String script, String... args) {
        require();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Result result = exec(RUN_TIMEOUT, command.toArray(String[]::new));
        List<JsonNode> events = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            if (line.startsWith("{")) {
                try {
                    events.add(JSON.readTree(line));
                } catch (IOException e) {
                    fail("not JSON from " + script + ": " + line);
                }
            }
        }
        if (result.exitCode() != 0) {
            fail(script + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return events;
    }

    private record Result(int exitCode, String output) {
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static boolean runs(String... command) {
        try {
            return exec(Duration.ofSeconds(30), command).exitCode() == 0;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static Result exec(Duration timeout, String... command) {
        try {
            Path output = Files.createTempFile("node-client", ".out");
            try {
                Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + Files.readString(output));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
