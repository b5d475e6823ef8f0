package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * An Engine.IO long-polling client on raw HTTP: it opens a session and then GETs and POSTs what a
 * test tells it. {@link #next()} plays the client part of the heartbeat (a ping is answered with a
 * pong) and skips the server-time feed and lobby notices, so tests see the packets they are about.
 */
final class PollingClient {
    static final String FEED = "42[\"api:server-time\"";
    private static final String LOBBY_NOTICE = "42[\"client:";

    /** A server-time event or a lobby notice: traffic tests are not about unless they say so. */
    static boolean isNoise(String packet) {
        return packet.startsWith(FEED) || packet.startsWith(LOBBY_NOTICE);
    }

    final URI base;
    final String sid;
    private final ArrayDeque<String> received = new ArrayDeque<>();

    private PollingClient(URI base, String sid) {
        this.base = base;
        this.sid = sid;
    }

    static PollingClient open(URI base) {
        RawHttp.Response open = RawHttp.get(base, "/socket.io/?EIO=4&transport=polling");
        assertThat(open.status()).isEqualTo(200);
        String sid = open.text().replaceAll("^0\\{\"sid\":\"([^\"]+)\".*$", "$1");
        return new PollingClient(base, sid);
    }

    /** Opens a session and connects to the main namespace; returns the client with the socket id read. */
    static PollingClient connected(URI base) {
        PollingClient client = open(base);
        client.postOk("40");
        String connect = client.next();
        assertThat(connect).matches(CONNECT);
        return client;
    }

    /** A CONNECT reply: the socket id (group 1) and the private id of its recoverable session (group 2). */
    static final String CONNECT = "40\\{\"sid\":\"(\\d+)\",\"pid\":\"([A-Za-z0-9_-]{20})\"}";

    /** The socket id from a CONNECT reply. */
    static long socketId(String connect) {
        return Long.parseLong(connect.replaceAll("^" + CONNECT + "$", "$1"));
    }

    String target() {
        return "/socket.io/?EIO=4&transport=polling&sid=" + sid;
    }

    RawHttp.Response get() {
        return RawHttp.get(base, target());
    }

    RawHttp.Response post(String body) {
        return RawHttp.post(base, target(), body);
    }

    void postOk(String body) {
        RawHttp.Response response = post(body);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("ok");
    }

    /** One GET, answered 200; its packets. */
    List<String> poll() {
        RawHttp.Response response = get();
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return Arrays.asList(response.text().split(String.valueOf(EngineIoCodec.SEPARATOR), -1));
    }

    /** The next packet that is not a ping (answered), a server-time event or a lobby notice. */
    String next() {
        while (true) {
            while (received.isEmpty()) {
                received.addAll(poll());
            }
            String packet = received.poll();
            if ("2".equals(packet)) {
                postOk("3");
            } else if (!isNoise(packet)) {
                return packet;
            }
        }
    }
}
