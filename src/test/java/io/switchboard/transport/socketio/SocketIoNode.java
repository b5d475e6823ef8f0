package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The official {@code socket.io-client} (the version pinned in {@code src/test/node/socketio}) in a
 * Node process of its own, driven line by line ({@code driver.mjs}). Reports come back as JSON in
 * order; binary values are {@code {"$buffer":[1,2,3]}} both ways. Without Node the calling test is
 * skipped, unless {@code CI=true}, where that is a failure. Installs the client with {@code npm ci}
 * the first time.
 */
final class SocketIoNode implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final Path DIR = Path.of("src", "test", "node", "socketio");
    /** Client options for a socket that uses only the WebSocket transport. */
    static final String WEBSOCKET_ONLY = "{\"transports\":[\"websocket\"]}";
    private static final Path LOGS = Path.of("target", "socketio-node");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean installed;

    private final Process process;
    private final OutputStream commands;
    private final BlockingQueue<JsonNode> reports = new LinkedBlockingQueue<>();
    /** Reports passed over by {@link #await}, handed out first by {@link #next()}. */
    private final List<JsonNode> skipped = new ArrayList<>();
    private int acks;
    private JsonNode lastConnect;

    private SocketIoNode(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    reports.add(JSON.readTree(line));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "socket.io-client reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Skips the calling test class without Node (outside CI) and installs the client once. */
    static synchronized void requireNode() {
        if (installed) {
            return;
        }
        if (!run(Path.of("."), Duration.ofSeconds(20), "node", "--version")) {
            String message = "no Node.js on the PATH (apt-get install nodejs npm)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true requires the socket.io-client tests to run, but there is " + message);
            }
            Assumptions.abort("Skipping socket.io-client tests: " + message + "; with CI=true this is a failure");
        }
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("socket.io-client"))
                && !run(DIR, Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund")) {
            fail("npm ci failed in " + DIR.toAbsolutePath() + "; see " + LOGS.toAbsolutePath());
        }
        installed = true;
    }

    private static boolean run(Path dir, Duration timeout, String... command) {
        try {
            Files.createDirectories(LOGS);
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(LOGS.resolve("setup.log").toFile())).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts a client and connects it to {@code base} with the given {@code io()} options (JSON). */
    static SocketIoNode connect(URI base, String options) {
        requireNode();
        SocketIoNode client = start();
        client.send("{\"cmd\":\"connect\",\"url\":\"" + base + "\",\"options\":" + options + "}");
        return client;
    }

    /** Waits for the {@code connect} report: {@code {"ev":"connect","id":…,"transport":…}}. */
    JsonNode connected() {
        lastConnect = await(r -> "connect".equals(r.path("ev").asText()));
        return lastConnect;
    }

    /** Waits for the {@code connect} report and returns the socket id as a hub client id. */
    long connectedId() {
        return connected().get("id").asLong();
    }

    /** The socket id of the last {@code connect} report, as a hub client id. */
    long id() {
        return lastConnect.get("id").asLong();
    }

    private static SocketIoNode start() {
        try {
            Files.createDirectories(LOGS);
            File log = LOGS.resolve("driver.log").toFile();
            Process process = new ProcessBuilder("node", "driver.mjs").directory(DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
            return new SocketIoNode(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(String command) {
        try {
            commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code socket.emit(event, ...args)} without an ack. */
    void emit(String event, Object... args) {
        send(emitCommand(event, args, null));
    }

    /** {@code socket.emit(event, ...args, ack)}; returns the ack's arguments. */
    ArrayNode emitWithAck(String event, Object... args) {
        int ack = ++acks;
        send(emitCommand(event, args, ack));
        return (ArrayNode) await(r -> "ack".equals(r.path("ev").asText()) && r.path("ack").asInt() == ack).get("args");
    }

    private static String emitCommand(String event, Object[] args, Integer ack) {
        ObjectNode command = JSON.createObjectNode().put("cmd", "emit").put("event", event);
        command.set("args", JSON.valueToTree(args));
        if (ack != null) {
            command.put("ack", ack);
        }
        return command.toString();
    }

    /**
     * Emits {@code event} {@code count} times at once, each with an ack; returns the acks' first
     * arguments in the order of the emits.
     */
    List<JsonNode> flood(String event, int count) {
        send("{\"cmd\":\"flood\",\"event\":\"" + event + "\",\"count\":" + count + "}");
        List<JsonNode> replies = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int ack = i;
            replies.add(await(r -> "ack".equals(r.path("ev").asText()) && r.path("ack").asInt() == ack).get("args").get(0));
        }
        acks = Math.max(acks, count);
        return replies;
    }

    /** Stops answering the server's pings; the connection stays open. */
    void freeze() {
        send("{\"cmd\":\"freeze\"}");
        await(r -> "frozen".equals(r.path("ev").asText()));
    }

    void disconnect() {
        send("{\"cmd\":\"disconnect\"}");
    }

    /**
     * Drops the connection as a network failure would ({@code socket.io.engine.close()}); the
     * client reconnects by itself only with {@code reconnect} (and {@code reconnection} in its
     * options). Waits for the {@code disconnect} report.
     */
    JsonNode drop(boolean reconnect) {
        send("{\"cmd\":\"drop\",\"reconnect\":" + reconnect + "}");
        return await(r -> "disconnect".equals(r.path("ev").asText()));
    }

    /** {@code socket.connect()} after a disconnect or a drop, with the same {@code auth}. */
    void connectAgain() {
        send("{\"cmd\":\"reconnect\"}");
    }

    /**
     * Connects to {@code base} (another server) with a new manager that carries the socket's
     * session ({@code _pid}, {@code _lastOffset}), as when a load balancer sends the reconnection to
     * another instance.
     */
    void connectTo(URI base, String options) {
        send("{\"cmd\":\"connect-to\",\"url\":\"" + base + "\",\"options\":" + options + "}");
    }

    /** Makes the client present {@code pid} as its private session id on its next CONNECT. */
    void presentPid(String pid) {
        send("{\"cmd\":\"pid\",\"pid\":\"" + pid + "\"}");
    }

    /** Connects the socket again (after a {@code connect_error}) with a new {@code auth} payload (JSON). */
    void reconnect(String auth) {
        send("{\"cmd\":\"reconnect\",\"auth\":" + auth + "}");
    }

    /** Waits for the {@code connect_error} report: {@code {"ev":"connect_error","message":…,"data":…}}. */
    JsonNode connectError() {
        return await(r -> "connect_error".equals(r.path("ev").asText()));
    }

    /** A binary value for {@link #emit}: a Node Buffer on the other side. */
    static ObjectNode bytes(byte... bytes) {
        ObjectNode buffer = JSON.createObjectNode();
        ArrayNode values = buffer.putArray("$buffer");
        for (byte b : bytes) {
            values.add(b & 0xff);
        }
        return buffer;
    }

    /** The bytes of a {@code {"$buffer":[...]}} report value. */
    static byte[] bytesOf(JsonNode buffer) {
        JsonNode values = buffer.get("$buffer");
        assertThat(values).as("a binary value in %s", buffer).isNotNull();
        byte[] bytes = new byte[values.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) values.get(i).asInt();
        }
        return bytes;
    }

    /** Whether a report is a server-time feed event (which come all the time). */
    static boolean isFeed(JsonNode report) {
        return "event".equals(report.path("ev").asText()) && "api:server-time".equals(report.path("name").asText());
    }

    /**
     * Reports tests are not about unless they wait for them by name: server-time events, lobby
     * notices (other tests' clients come and go), and the transport's open and upgrade.
     */
    static boolean isNoise(JsonNode report) {
        String ev = report.path("ev").asText();
        return isFeed(report) || "open".equals(ev) || "upgrade".equals(ev)
                || "event".equals(ev) && report.path("name").asText().startsWith("client:");
    }

    /** The next report that is not {@linkplain #isNoise noise}, waiting up to {@link #TIMEOUT}. */
    JsonNode next() {
        for (Iterator<JsonNode> it = skipped.iterator(); it.hasNext();) {
            JsonNode report = it.next();
            it.remove();
            if (!isNoise(report)) {
                return report;
            }
        }
        while (true) {
            JsonNode report = poll(TIMEOUT);
            assertThat(report).as("a report from socket.io-client within " + TIMEOUT).isNotNull();
            if (!isNoise(report)) {
                return report;
            }
        }
    }

    /** The next event report named {@code name} (other reports are kept for {@link #next()}). */
    JsonNode nextEvent(String name) {
        return await(r -> "event".equals(r.path("ev").asText()) && name.equals(r.path("name").asText()));
    }

    /** The first report matching {@code match}; the others met on the way are kept for {@link #next()}. */
    JsonNode await(Predicate<JsonNode> match) {
        for (Iterator<JsonNode> it = skipped.iterator(); it.hasNext();) {
            JsonNode report = it.next();
            if (match.test(report)) {
                it.remove();
                return report;
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode report = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            assertThat(report).as("a matching report from socket.io-client within " + TIMEOUT + "; had " + skipped).isNotNull();
            assertThat(report.path("ev").asText()).as("driver error: %s", report).isNotEqualTo("error");
            if (match.test(report)) {
                return report;
            }
            if (!isFeed(report)) {
                skipped.add(report);
            }
        }
    }

    /** Reports that are not {@linkplain #isNoise noise} arriving within {@code wait}, to prove nothing else came. */
    List<JsonNode> drain(Duration wait) {
        List<JsonNode> rest = new ArrayList<>(skipped);
        skipped.clear();
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode report;
        while ((report = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null) {
            rest.add(report);
        }
        rest.removeIf(SocketIoNode::isNoise);
        return rest;
    }

    private JsonNode poll(Duration wait) {
        try {
            return reports.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            send("{\"cmd\":\"exit\"}");
        } catch (UncheckedIOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
