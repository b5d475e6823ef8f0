package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real WebSocket client (the JDK's) for tests: collects every frame it receives, in order, and
 * waits for them with a timeout. Text frames are Strings, binary frames byte arrays.
 */
public final class WsClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private final WebSocket socket;

    private WsClient(URI uri, String... subprotocols) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        socket = builder.buildAsync(uri, new Listener()).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private WsClient(URI uri, java.util.Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, new Listener()).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Opens a connection to {@code base} plus {@code path} with extra request headers ({@code Authorization}…). */
    public static WsClient open(URI base, String path, java.util.Map<String, String> headers) {
        return new WsClient(ws(base, path), headers);
    }

    /** Opens a connection to {@code base} (an http URL from {@code @TestHTTPResource}) plus {@code path}. */
    public static WsClient open(URI base, String path, String... subprotocols) {
        return new WsClient(ws(base, path), subprotocols);
    }

    /** The ws:// form of {@code base} with {@code path}. */
    public static URI ws(URI base, String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public WsClient send(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return this;
    }

    public WsClient sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return this;
    }

    /** The next text frame, waiting up to {@link #TIMEOUT}. */
    public String next() {
        Object frame = nextFrame();
        assertThat(frame).as("expected a text frame").isInstanceOf(String.class);
        return (String) frame;
    }

    /** The reply to the request with {@code id}; frames before it are passed over. */
    public JsonNode reply(String id) {
        JsonNode frame;
        do {
            frame = nextJson();
        } while (!id.equals(frame.path("id").asText()));
        return frame;
    }

    /** The next frame as JSON. */
    public JsonNode nextJson() {
        try {
            return JSON.readTree(next());
        } catch (java.io.IOException e) {
            throw new AssertionError("frame is not JSON", e);
        }
    }

    public Object nextFrame() {
        try {
            Object frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("a frame within " + TIMEOUT).isNotNull();
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next text frame within {@code wait}, or null if none came. */
    public String nextOrNull(Duration wait) {
        try {
            Object frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame == null || frame instanceof String).as("expected a text frame").isTrue();
            return (String) frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Frames received and not yet taken. */
    public List<Object> pending() {
        return List.copyOf(frames);
    }

    /**
     * Proves nothing else is queued for this client: sends a request with a unique id and expects
     * its reply to be the very next frame.
     */
    public void expectNothingElse() {
        String id = "fence-" + System.nanoTime();
        send("{\"type\":\"presence\",\"room\":\"fence\",\"id\":\"" + id + "\"}");
        assertThat(next()).isEqualTo("{\"type\":\"presence\",\"id\":\"" + id + "\",\"room\":\"fence\",\"payload\":{\"clients\":[]}}");
    }

    /** Sends {@code hello} and returns this client's id. */
    public long hello() {
        send("{\"type\":\"hello\",\"id\":\"hello\"}");
        JsonNode welcome = nextJson();
        // Clients of earlier tests may still be leaving: their lobby notices can come first.
        while (welcome.get("type").asText().startsWith("client:")) {
            welcome = nextJson();
        }
        assertThat(welcome.get("type").asText()).isEqualTo("welcome");
        return welcome.get("payload").get("client").asLong();
    }

    /** The close code the server sent, waiting up to {@link #TIMEOUT}. */
    public int closeCode() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The reason of the server's close frame, waiting up to {@link #TIMEOUT} for it. */
    public String closeReason() {
        closeCode();
        return closeReason;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                frames.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
