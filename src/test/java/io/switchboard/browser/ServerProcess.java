package io.switchboard.browser;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.switchboard.testing.LocalServers;

/**
 * The packaged server ({@code target/quarkus-app/quarkus-run.jar}) in its own JVM on a fixed port,
 * so a test can stop it and start it again on the same address. Output goes to
 * {@code target/browser-it/server-<port>.log}.
 */
final class ServerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path LOGS = Path.of("target", "browser-it");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final Path log;
    private final List<String> properties;
    private Process process;

    private ServerProcess(int port, List<String> properties) {
        this.port = port;
        this.log = LOGS.resolve("server-" + port + ".log");
        this.properties = properties;
    }

    /** Starts the jar on a free port below the ephemeral range and waits until it serves {@code /}. */
    static ServerProcess start() {
        return start(List.of());
    }

    /** {@link #start()} with extra JVM options, e.g. {@code -Dswitchboard.auth.mode=required}; kept across restarts. */
    static ServerProcess start(String... properties) {
        return start(List.of(properties));
    }

    /** {@link #start()} with extra system properties ({@code -Dkey=value}) for the server; kept across restarts. */
    static ServerProcess start(List<String> properties) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run ./mvnw package (or verify) first");
        }
        ServerProcess server = new ServerProcess(LocalServers.freePort(), properties);
        server.launch();
        return server;
    }

    int port() {
        return port;
    }

    /** The server's output (every start on this port appends to it). */
    Path log() {
        return log;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and starts it again on the same port. */
    void restart() {
        stop();
        launch();
    }

    /** Stops the server and waits until its port no longer answers. */
    void stop() {
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
        List<String> command = new ArrayList<>(List.of(java,
                "-Dquarkus.http.port=" + port,
                "-Dswitchboard.feeds.server-time.interval=1s"));
        command.addAll(properties);
        command.addAll(List.of("-jar", JAR.toString()));
        try {
            Files.createDirectories(LOGS);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        Process p = process;
        await("server on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("server exited with " + p.exitValue() + ", log:\n" + logTail());
                    }
                    return answers();
                });
    }

    private boolean answers() {
        return LocalServers.answers200(URI.create(url("/")));
    }

    private String logTail() {
        return LocalServers.tail(log, 40);
    }
}
