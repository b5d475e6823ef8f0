package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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

    /** How many keys match {@code pattern} ({@code KEYS}, for tests only). */
    public int keys(String pattern) {
        String reply = command("KEYS", pattern);
        if (reply.charAt(0) != '*') {
            throw new IllegalStateException("unexpected reply " + reply);
        }
        return Integer.parseInt(reply.substring(1));
    }

    /** Sends one command on a fresh connection and returns the first line of the reply. */
    public String command(String... args) {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            request.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder line = new StringBuilder();
            for (int c = s.getInputStream().read(); c != '\r'; c = s.getInputStream().read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
