package io.switchboard.transport.socketio;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a bare TCP socket: the test writes the request bytes itself and reads the response
 * as it comes off the wire. One request at a time per connection; open several for requests in
 * parallel (a waiting long-polling GET and a POST, say).
 */
final class RawHttp implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A response: status, headers (names in lower case) and body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final DataInputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    static RawHttp connect(URI base) {
        return connect(base, null);
    }

    /** A connection from the local address {@code from} (127.0.0.x stands for another client), or any when null. */
    static RawHttp connect(URI base, String from) {
        try {
            Socket socket = new Socket();
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request on a connection of its own. */
    static Response exchange(URI base, String method, String target, String contentType, byte[] body) {
        try (RawHttp http = connect(base)) {
            http.send(method, target, contentType, body);
            return http.read();
        }
    }

    static Response get(URI base, String target) {
        return exchange(base, "GET", target, null, null);
    }

    static Response post(URI base, String target, String body) {
        return exchange(base, "POST", target, "text/plain;charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
    }

    RawHttp send(String method, String target, String contentType, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try {
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                socket.getOutputStream().write(body);
            }
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes bytes as they are (a request cut short, say). */
    RawHttp raw(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Reads the next response (Content-Length or chunked body). */
    Response read() {
        try {
            String status = line();
            if (status.isEmpty()) {
                throw new IOException("connection closed before a response");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    out.write(in.readNBytes(size));
                    line();
                }
                line();
                body = out.toByteArray();
            } else {
                body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new Response(Integer.parseInt(status.split(" ")[1]), headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closed the connection (reads until end of stream or the timeout). */
    boolean closedByServer(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            return in.read() < 0;
        } catch (IOException e) {
            return e instanceof java.net.SocketException;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
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
