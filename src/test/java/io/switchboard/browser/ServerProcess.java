package io.switchboard.browser;

import java.nio.file.Path;
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
        return new ServerProcess(JarServer.start(Path.of("target", "browser-it"),
                Map.of("switchboard.feeds.server-time.interval", "1s")));
    }

    int port() {
        return server.port();
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
