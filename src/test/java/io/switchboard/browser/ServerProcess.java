package io.switchboard.browser;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.switchboard.testing.JarServer;

/**
 * The packaged server in its own JVM on a fixed port, so a test can stop it and start it again on
 * the same address. Output goes to {@code target/browser-it/server-<port>.log}.
 */
final class ServerProcess implements AutoCloseable {
    private final JarServer server;

    private ServerProcess(JarServer server) {
        this.server = server;
    }

    /** Starts the jar on a free port below the ephemeral range and waits until it serves {@code /}. */
    static ServerProcess start() {
        return start(List.of());
    }

    /** {@link #start()} with extra JVM options, e.g. {@code -Dswitchboard.auth.mode=required}; kept across restarts. */
    static ServerProcess start(String... properties) {
        return start(List.of(properties));
    }

    /** {@link #start()} with extra system properties ({@code -Dkey=value}); kept across restarts. */
    static ServerProcess start(List<String> properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("switchboard.feeds.server-time.interval", "1s");
        for (String property : properties) {
            int eq = property.indexOf('=');
            settings.put(property.substring(2, eq), property.substring(eq + 1));
        }
        return new ServerProcess(JarServer.start(Path.of("target", "browser-it"), settings));
    }

    int port() {
        return server.port();
    }

    /** The server's output (every start on this port appends to it). */
    Path log() {
        return server.log();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return server.url(path);
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and starts it again on the same port. */
    void restart() {
        server.restart();
    }

    /** Stops the server and waits until its port no longer answers. */
    void stop() {
        server.stop();
    }

    @Override
    public void close() {
        server.close();
    }
}
