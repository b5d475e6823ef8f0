package io.switchboard.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (the binary bundled by embedded-redis) on a free port, without
 * persistence, for tests: start it once per test class, stop and start it again on the same port
 * to simulate an outage (it comes back empty, as a Redis without persistence does).
 */
public final class RedisProcess implements AutoCloseable {
    private final int port;
    private RedisServer server;

    private RedisProcess(int port) {
        this.port = port;
    }

    public static RedisProcess start() {
        RedisProcess redis = new RedisProcess(LocalServers.freePort());
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same port. */
    public void startAgain() {
        server = RedisServer.builder().port(port).setting("bind 127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        server.start();
    }

    /** Stops the server; clients see their connections close. */
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Whether something accepts connections on the port. */
    public boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

}
