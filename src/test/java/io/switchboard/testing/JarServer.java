package io.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code target/quarkus-app/quarkus-run.jar}) in its own JVM on a port of
 * its own below the ephemeral range, with extra system properties. It can be stopped (SIGTERM),
 * killed ({@code kill -9}) and started again on the same port. Output goes to
 * {@code <logs>/server-<port>.log}.
 */
public final class JarServer implements AutoCloseable {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final Path log;
    private final Map<String, String> properties;
    private Process process;

    private JarServer(int port, Path logs, Map<String, String> properties) {
        this.port = port;
        this.log = logs.resolve("server-" + port + ".log");
        this.properties = properties;
    }

    /** Starts the jar with {@code properties} ({@code -Dkey=value}) and waits until it serves {@code /}. */
    public static JarServer start(Path logs, Map<String, String> properties) {
        return startAll(1, logs, properties).get(0);
    }

    /** Starts {@code count} servers side by side (a cluster) and waits until each serves {@code /}. */
    public static List<JarServer> startAll(int count, Path logs, Map<String, String> properties) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run ./mvnw package (or verify) first");
        }
        List<JarServer> servers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JarServer server = new JarServer(LocalServers.freePort(), logs, properties);
            server.launch();
            servers.add(server);
        }
        servers.forEach(JarServer::awaitServing);
        return servers;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>/}, the base for {@link WsClient#open}. */
    public URI uri() {
        return URI.create(url("/"));
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The server's output (every start on this port appends to it). */
    public Path log() {
        return log;
    }

    /** Whether the process runs. */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and starts it again on the same port. */
    public void restart() {
        stop();
        launch();
        awaitServing();
    }

    /** Kills the server at once ({@code kill -9}): no shutdown, no goodbyes. */
    public void kill() {
        if (process != null) {
            Process p = process;
            process = null;
            p.destroyForcibly();
            try {
                p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the server and waits until its port no longer answers. */
    public void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        await("port " + port + " to close").atMost(STOP_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> !answers());
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", JAR.toString()));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    private void awaitServing() {
        Process p = process;
        await("server on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("server exited with " + p.exitValue() + ", log:\n" + LocalServers.tail(log, 40));
                    }
                    return answers();
                });
    }

    private boolean answers() {
        return LocalServers.answers200(URI.create(url("/")));
    }
}
