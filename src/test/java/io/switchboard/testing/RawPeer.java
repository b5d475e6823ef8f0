package io.switchboard.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A WebSocket peer on a bare TCP socket that does only what a test tells it: it never answers
 * pings and reads only when asked, to play dead or slow clients.
 */
public final class RawPeer implements AutoCloseable {
    /** One frame as read off the wire. */
    public record WireFrame(int opcode, byte[] payload) {
        /** The close code of a close frame. */
        public int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private String response = "";

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /**
     * Sends an upgrade request to {@code path} with extra {@code headers}, from
     * {@code localAddress} (a loopback address such as 127.0.0.2; null: any), and reads the
     * answer's status line and headers whatever they are (see {@link #status()}).
     */
    public static RawPeer request(URI base, String path, java.util.Map<String, String> headers, String localAddress)
            throws IOException {
        RawPeer peer = connect(base, localAddress);
        peer.requestUpgrade(path, headers);
        peer.readAnswer();
        return peer;
    }

    /** Opens the TCP connection only (from {@code localAddress}, null: any); see {@link #requestUpgrade}. */
    public static RawPeer connect(URI base, String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        if (localAddress != null) {
            socket.bind(new java.net.InetSocketAddress(localAddress, 0));
        }
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
        socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
        return new RawPeer(socket);
    }

    /** Sends the upgrade request for {@code path} with extra {@code headers}. */
    public void requestUpgrade(String path, java.util.Map<String, String> headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
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
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
        socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        RawPeer peer = new RawPeer(socket);
        String status = peer.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + status);
        }
        return peer;
    }

    /**
     * Sends an unsolicited pong (a heartbeat RFC 6455 allows): the server sees the peer alive
     * although it reads nothing.
     */
    public void heartbeat() throws IOException {
        // FIN + pong, masked, empty payload, mask key 0.
        socket.getOutputStream().write(new byte[] {(byte) 0x8A, (byte) 0x80, 0, 0, 0, 0});
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
        int opcode = in.readUnsignedByte() & 0x0f;
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        return new WireFrame(opcode, in.readNBytes((int) length));
    }

    /** Reads frames until a close frame and returns it. */
    public WireFrame readUntilClose() throws IOException {
        WireFrame frame;
        do {
            frame = read();
        } while (frame.opcode() != 8);
        return frame;
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
