package io.switchboard.transport.socketio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * HTTP long-polling after the reference server's {@code polling.ts}: a GET waits until there is
 * something to send, a POST carries the client's packets. At most one of each may be in flight;
 * a second closes the session. Called on the session's lane; responses are written from there
 * (Vert.x hands the write to the connection's own thread).
 */
final class PollingTransport extends EngineTransport {
    private static final Logger LOG = Logger.getLogger(PollingTransport.class);
    private static final String TEXT = "text/plain; charset=UTF-8";

    private EngineSocket socket;
    private HttpServerResponse pendingGet;
    private Post pendingPost;

    /** A POST in flight: its response and, once read, its body. */
    static final class Post {
        final HttpServerResponse response;
        /** Sent as {@code application/octet-stream}: Engine.IO v4 clients send binary as base64 text. */
        final boolean binary;
        private final List<Buffer> chunks = new ArrayList<>();
        private long size;
        private boolean tooBig;

        Post(HttpServerResponse response, boolean binary) {
            this.response = response;
            this.binary = binary;
        }

        /** Takes a chunk of the body, on the request's thread; false once past {@code max}. */
        boolean take(Buffer chunk, long max) {
            size += chunk.length();
            if (size > max) {
                tooBig = true;
                chunks.clear();
            } else {
                chunks.add(chunk);
            }
            return !tooBig;
        }

        String body() {
            Buffer all = Buffer.buffer((int) size);
            chunks.forEach(all::appendBuffer);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    void attach(EngineSocket socket) {
        this.socket = socket;
    }

    @Override
    String name() {
        return EngineError.POLLING;
    }

    @Override
    boolean writable() {
        return pendingGet != null;
    }

    @Override
    boolean immediate() {
        return false;
    }

    @Override
    void send(List<EncodedPacket> packets) {
        HttpServerResponse response = pendingGet;
        pendingGet = null;
        respond(response, 200, TEXT, Buffer.buffer(EngineIoCodec.encodePayload(packets)));
    }

    @Override
    void end(List<EncodedPacket> packets, EngineClose why) {
        if (pendingGet != null) {
            List<EncodedPacket> last = new ArrayList<>(packets);
            last.add(why == EngineClose.CLIENT ? NOOP : CLOSE);
            send(last);
        }
    }

    @Override
    void discard() {
        if (pendingGet != null) {
            send(List.of(NOOP));
        }
    }

    /** A GET: it waits for packets. A second one while the first waits is refused and ends the session. */
    void onGet(HttpServerResponse response) {
        if (pendingGet != null) {
            LOG.debugf("closing %s: overlapping GET", socket.sid);
            respond(response, 400, null, Buffer.buffer());
            socket.closeNow(EngineClose.PROTOCOL_ERROR);
            return;
        }
        pendingGet = response;
        socket.transportReady(this);
    }

    /** The connection of a waiting GET closed before it was answered: the client is gone. */
    void onGetClosed(HttpServerResponse response) {
        if (pendingGet == response) {
            pendingGet = null;
            socket.transportFailed(this, EngineClose.CLIENT);
        }
    }

    /**
     * A POST began. A second one while the first is in flight, or a binary body, is refused and
     * ends the session.
     */
    void onPostStart(Post post) {
        if (pendingPost != null || post.binary) {
            LOG.debugf("closing %s: %s", socket.sid, post.binary ? "binary POST body" : "overlapping POST");
            respond(post.response, 400, null, Buffer.buffer());
            socket.closeNow(EngineClose.PROTOCOL_ERROR);
            return;
        }
        pendingPost = post;
    }

    /**
     * A POST's body has been read: its packets go to the session in order, and the POST is
     * answered {@code ok}. A malformed packet is answered 400 and ends the session (the packets
     * before it count); a body over max-payload is answered 413 and ends it.
     */
    void onPostEnd(Post post) {
        if (pendingPost != post) {
            return;
        }
        pendingPost = null;
        if (post.tooBig) {
            LOG.debugf("closing %s: POST over %d bytes", socket.sid, post.size);
            respond(post.response, 413, null, Buffer.buffer());
            socket.closeNow(EngineClose.TOO_BIG);
            return;
        }
        String payload = post.body();
        int start = 0;
        while (socket.state() != EngineSocket.State.CLOSED) {
            int end = payload.indexOf(EngineIoCodec.SEPARATOR, start);
            EnginePacket packet;
            try {
                packet = EngineIoCodec.decode(payload.substring(start, end < 0 ? payload.length() : end));
            } catch (MalformedPacketException e) {
                LOG.debugf("closing %s: %s", socket.sid, e.getMessage());
                respond(post.response, 400, null, Buffer.buffer());
                socket.closeNow(EngineClose.PROTOCOL_ERROR);
                return;
            }
            socket.onPacket(this, packet);
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        respond(post.response, 200, "text/html", Buffer.buffer("ok"));
    }

    /** A POST's body could not be read (its connection broke). */
    void onPostFailed(Post post) {
        if (pendingPost == post) {
            pendingPost = null;
            socket.transportFailed(this, EngineClose.CLIENT);
        }
    }

    /** Refuses a request with the Engine.IO error body. */
    static void reject(HttpServerResponse response, EngineError error) {
        respond(response, error.status(), "application/json", Buffer.buffer(error.json()));
    }

    static void respond(HttpServerResponse response, int status, String contentType, Buffer body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status);
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        response.putHeader("Cache-Control", "no-store");
        response.end(body).onFailure(failure -> LOG.debugf("response failed: %s", failure.getMessage()));
    }
}
