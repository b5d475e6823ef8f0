package io.switchboard.transport.socketio;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare TCP socket: each message goes out as exactly one masked frame, and
 * frames are read as they come, control frames included. It never answers anything by itself, so a
 * test decides what the server sees (no Engine.IO pong unless the test sends {@code 3}).
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;

    /** One frame off the wire. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        @Override
        public String toString() {
            return opcode == TEXT ? "text " + text() : opcode == CLOSE ? "close " + closeCode() : "opcode " + opcode + ", " + payload.length + " bytes";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    /** The status line and headers of the handshake response (and its body, if it was refused). */
    final String handshake;

    private RawWebSocket(Socket socket, DataInputStream in, String handshake) {
        this.socket = socket;
        this.in = in;
        this.handshake = handshake;
    }

    /** Sends the upgrade request for {@code target}; the result may be a refusal (see {@link #upgraded()}). */
    static RawWebSocket open(URI base, String target, String... headers) {
        return open(base, target, 0, headers);
    }

    /** Like {@link #open(URI, String)} with a small receive buffer, to play a client that reads slowly. */
    static RawWebSocket openSlow(URI base, String target) {
        return open(base, target, 16 * 1024);
    }

    private static RawWebSocket open(URI base, String target, int receiveBuffer, String... headers) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) RawHttp.TIMEOUT.toMillis());
            socket.setSoTimeout((int) RawHttp.TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList()) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                // A refusal: its body follows, up to the close.
                head.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return new RawWebSocket(socket, in, head.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean upgraded() {
        return handshake.startsWith("HTTP/1.1 101");
    }

    RawWebSocket sendText(String text) {
        return send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    RawWebSocket sendBinary(byte[] data) {
        return send(BINARY, data);
    }

    /** One frame, FIN set, masked as a client must. */
    RawWebSocket send(int opcode, byte[] payload) {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
        byte[] frame = new byte[header + 4 + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
        } else if (length <= 0xffff) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >> (56 - 8 * i));
            }
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        try {
            socket.getOutputStream().write(frame);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The next frame, waiting up to the timeout. */
    Frame read() {
        try {
            int first = in.readUnsignedByte();
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            return new Frame(first & 0x0f, in.readNBytes((int) length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next text frame, skipping Engine.IO pings ({@code 2}). */
    String nextText() {
        while (true) {
            Frame frame = read();
            if (frame.opcode() != TEXT) {
                throw new AssertionError("expected a text frame, got " + frame);
            }
            if (!"2".equals(frame.text())) {
                return frame.text();
            }
        }
    }

    /** The next frame within {@code wait}, or null if none came. */
    Frame readOrNull(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            try {
                return read();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof SocketTimeoutException) {
                    return null;
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout((int) RawHttp.TIMEOUT.toMillis());
            } catch (IOException e) {
                // closed
            }
        }
    }

    /** Reads until the close frame, skipping pings; returns it. */
    Frame readUntilClose() {
        Frame frame;
        do {
            frame = read();
        } while (frame.opcode() != CLOSE);
        return frame;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
