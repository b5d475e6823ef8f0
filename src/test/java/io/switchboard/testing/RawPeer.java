package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A WebSocket peer on a bare TCP socket that does only what a test tells it: it sends exactly
 * the bytes it is given (any frame, valid or not), never answers pings and reads only when asked,
 * to play dead, slow or broken clients.
 */
public final class RawPeer implements AutoCloseable {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    /** One frame as read off the wire. */
    public record WireFrame(boolean fin, int rsv, int opcode, byte[] payload) {
        /** The close code of a close frame, or 1005 (none) when its body is empty. */
        public int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        /** The reason of a close frame. */
        public String closeReason() {
            return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String body = opcode == CLOSE ? closeCode() + " " + closeReason()
                    : payload.length > 200 ? payload.length + " bytes" : new String(payload, StandardCharsets.UTF_8);
            return "WireFrame[fin=" + fin + ", rsv=" + rsv + ", opcode=" + opcode + ", " + body + "]";
        }
    }

    /** The HTTP response to an upgrade request the server did not accept. */
    public record Refusal(int status, String body) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private String response = "";

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Sends an upgrade request to {@code path} with extra {@code headers}, from
     * {@code localAddress} (a loopback address such as 127.0.0.2; null: any), and reads the
     * answer's status line and headers whatever they are (see {@link #status()}).
     */
    public static RawPeer request(URI base, String path, Map<String, String> headers, String localAddress)
            throws IOException {
        RawPeer peer = connect(base, localAddress);
        peer.requestUpgrade(path, headers);
        peer.readAnswer();
        return peer;
    }

    /** Opens the TCP connection only (from {@code localAddress}, null: any); see {@link #requestUpgrade}. */
    public static RawPeer connect(URI base, String localAddress) throws IOException {
        return new RawPeer(socket(base, localAddress));
    }

    /** Sends the upgrade request for {@code path} with extra {@code headers}. */
    public void requestUpgrade(String path, Map<String, String> headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads the status line and headers of the answer to the upgrade request. */
    public void readAnswer() throws IOException {
        response = readHeaders();
    }

    /** The HTTP status of the answer to the upgrade request (101 when it was upgraded). */
    public int status() {
        String[] parts = response.split(" ", 3);
        return parts.length < 2 ? -1 : Integer.parseInt(parts[1].trim());
    }

    /** A header of the answer to the upgrade request, or null. */
    public String header(String name) {
        for (String line : response.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Connects and upgrades to {@code path}, with a small receive buffer so the server's queue fills. */
    public static RawPeer open(URI base, String path) throws IOException {
        RawPeer peer = connect(base, null);
        peer.requestUpgrade(path, Map.of());
        String status = peer.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            peer.close();
            throw new IOException("upgrade refused: " + status);
        }
        return peer;
    }

    /**
     * Sends an upgrade request for {@code path} exactly as written (no normalisation of dot
     * segments) and returns the server's answer, which must not be an upgrade.
     */
    public static Refusal refusal(URI base, String path) throws IOException {
        try (RawPeer peer = connect(base, null)) {
            peer.requestUpgrade(path, Map.of());
            String headers = peer.readHeaders();
            int status = Integer.parseInt(headers.substring(9, 12));
            assertThat(status).as("answer to an upgrade of %s", path).isNotEqualTo(101);
            int length = 0;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return new Refusal(status, new String(peer.in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    private static Socket socket(URI base, String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.setTcpNoDelay(true);
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return socket;
    }

    /**
     * The bytes of one client frame: {@code fin}, the three {@code rsv} bits, {@code opcode}, the
     * length in its shortest form, and the payload masked with a random key unless {@code masked}
     * is false.
     */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 14);
        bytes.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode & 0xf);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            bytes.write(mask | payload.length);
        } else if (payload.length <= 0xffff) {
            bytes.write(mask | 126);
            bytes.write(payload.length >>> 8);
            bytes.write(payload.length);
        } else {
            bytes.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes.write((int) ((long) payload.length >>> shift));
            }
        }
        if (!masked) {
            bytes.writeBytes(payload);
            return bytes.toByteArray();
        }
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        bytes.writeBytes(key);
        byte[] masking = payload.clone();
        for (int i = 0; i < masking.length; i++) {
            masking[i] ^= key[i & 3];
        }
        bytes.writeBytes(masking);
        return bytes.toByteArray();
    }

    /** A final, masked frame with no reserved bits. */
    public static byte[] frame(int opcode, byte[] payload) {
        return frame(true, 0, opcode, payload, true);
    }

    /** The body of a close frame: the code in two bytes, then the reason. */
    public static byte[] closeBody(int code, byte[] reason) {
        byte[] body = new byte[2 + reason.length];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(reason, 0, body, 2, reason.length);
        return body;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code bytes} (one or more frames, or any part of one) in one go. */
    public RawPeer send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends a final, masked frame. */
    public RawPeer send(int opcode, byte[] payload) throws IOException {
        return send(frame(opcode, payload));
    }

    /** Writes {@code bytes} in separate writes of at most {@code chunk} bytes each. */
    public RawPeer sendInChunks(byte[] bytes, int chunk) throws IOException {
        for (int from = 0; from < bytes.length; from += chunk) {
            out.write(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk)));
            out.flush();
        }
        return this;
    }

    /**
     * Sends an unsolicited pong (a heartbeat RFC 6455 allows): the server sees the peer alive
     * although it reads nothing.
     */
    public void heartbeat() throws IOException {
        send(frame(PONG, new byte[0]));
    }

    /** Sends one masked text frame (payload under 64 KiB). */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame.toByteArray());
    }

    /** Writes {@code bytes} as they are: broken framing for fuzz tests. */
    public void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** Reads the next frame (server frames are never masked). */
    public WireFrame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        assertThat(second & 0x80).as("server frames are not masked").isZero();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        return new WireFrame((first & 0x80) != 0, (first >> 4) & 0x7, first & 0x0f, in.readNBytes((int) length));
    }

    /** Reads the next frame that {@code skip} does not match. */
    public WireFrame read(Predicate<WireFrame> skip) throws IOException {
        WireFrame frame;
        do {
            frame = read();
        } while (skip.test(frame));
        return frame;
    }

    /** Reads frames until a close frame and returns it. */
    public WireFrame readUntilClose() throws IOException {
        return read(frame -> frame.opcode() != CLOSE);
    }

    /**
     * Expects the next frame {@code skip} does not match to be a close frame with {@code code},
     * and then the end of the stream: the server closes TCP after the close frame, and cleanly
     * (no reset), so the close frame is never lost. Returns the close frame.
     */
    public WireFrame expectClose(int code, Predicate<WireFrame> skip) throws IOException {
        WireFrame close;
        try {
            close = read(skip);
        } catch (EOFException | SocketException e) {
            throw new AssertionError("expected a close frame with " + code + ", but the connection ended: " + e, e);
        }
        assertThat(close.opcode()).as("expected a close frame with %d, got %s", code, close).isEqualTo(CLOSE);
        assertThat(close.closeCode()).as("close code of %s", close).isEqualTo(code);
        assertThat(close.payload().length).as("close frame payload").isLessThanOrEqualTo(125);
        expectEndOfStream();
        return close;
    }

    public WireFrame expectClose(int code) throws IOException {
        return expectClose(code, frame -> false);
    }

    /** Expects the server to have ended the TCP stream, with nothing more sent and no reset. */
    public void expectEndOfStream() throws IOException {
        try {
            int next = in.read();
            if (next >= 0) {
                fail("expected the end of the stream, got more bytes (first: 0x%02x)", next);
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the TCP connection within %s", READ_TIMEOUT);
        } catch (SocketException e) {
            fail("the connection was reset instead of closed: %s", e.getMessage());
        }
    }

    private String readHeaders() throws IOException {
        InputStream raw = in;
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = raw.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
