package io.switchboard.transport.socketio;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.backplane.SessionStore;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.Hub;
import io.switchboard.security.Admission;
import io.switchboard.transport.LoopLane;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The Engine.IO / Socket.IO server at {@code /socket.io/}: one Vert.x route for both transports.
 * Like the reference server's {@code server.ts}, every request is checked before it reaches a
 * session ({@link EngineError}); a handshake creates the session (long-polling GET, or a WebSocket
 * upgrade without {@code sid}); later requests go to the session's lane. Nothing here blocks.
 */
@Singleton
public class SocketIoServer {
    /** Where Socket.IO clients connect by default. */
    public static final String PATH = "/socket.io/";
    private static final Logger LOG = Logger.getLogger(SocketIoServer.class);

    private final ConcurrentHashMap<String, EngineSocket> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EventLoop, LoopLane> lanes = new ConcurrentHashMap<>();
    private final EngineSettings settings;
    private final Hub hub;
    private final SocketIoAccess access;
    /** Records of recoverable sessions; null when recovery-window is 0 (recovery off). */
    private final SessionRecords records;
    private final boolean compression;

    @Inject
    SocketIoServer(SwitchboardConfig config, Hub hub, SocketIoAccess access, SessionStore store,
            @ConfigProperty(name = "quarkus.websockets-next.server.per-message-compression-supported", defaultValue = "false")
            boolean compression) {
        this.settings = EngineSettings.of(config);
        this.hub = hub;
        this.access = access;
        Duration window = config.socketio().recoveryWindow();
        this.records = window.isZero() ? null : new SessionRecords(store, window);
        this.compression = compression;
    }

    void routes(@Observes Router router) {
        router.route(PATH).handler(this::handle);
        // The client bundle is a static resource; its source maps need a type the static handler lacks.
        router.getWithRegex("/socket\\.io/[^/]+\\.map").order(-1).handler(rc -> {
            rc.response().putHeader("Content-Type", "application/json");
            rc.next();
        });
    }

    void shutdown(@Observes ShutdownEvent event) {
        sessions.values().forEach(session -> session.lane.run(() -> session.closeNow(EngineClose.SHUTDOWN)));
    }

    /**
     * The socket that is hub client {@code clientId} on this node, if any. For tests and
     * diagnostics: it reads sessions from outside their lanes.
     */
    Optional<SocketIoSocket> socket(long clientId) {
        return sessions.values().stream().map(EngineSocket::connection).filter(Objects::nonNull)
                .map(SocketIoConnection::socket).filter(s -> s != null && s.clientId() == clientId).findFirst();
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        String sid = request.getParam("sid");
        EngineSocket session = sid == null ? null : sessions.get(sid);
        EngineError error = EngineError.verify(request.method().name(), request.getParam("EIO"),
                request.getParam("transport"), sid, upgrade, session != null);
        if (error != null) {
            LOG.debugf("refusing %s %s: %s", request.method(), request.uri(), error.message());
            if (upgrade) {
                // As the reference server does: a plain 400 before any WebSocket exists.
                refuseUpgrade(request, error.status(), error.message());
            } else {
                PollingTransport.reject(request.response(), error);
            }
            return;
        }
        if (session == null) {
            Admission.Refusal refusal = access.check(request);
            if (refusal != null) {
                refuse(request, upgrade, refusal);
                return;
            }
        }
        ChannelHandlerContext channel = ((ConnectionBase) request.connection()).channelHandlerContext();
        if (upgrade) {
            webSocket(request, channel, session);
        } else if (session == null) {
            pollingHandshake(request, channel);
        } else {
            polling(request, session);
        }
    }

    /**
     * A handshake {@link Admission} refused: 403 for a foreign origin (the Engine.IO
     * {@code Forbidden} error), 503 with {@code Retry-After} for a draining node or the connection
     * limits. Nothing of a session exists yet.
     */
    private static void refuse(HttpServerRequest request, boolean upgrade, Admission.Refusal refusal) {
        LOG.debugf("refusing the handshake %s: %s", request.uri(), refusal.reason());
        if (refusal.retryAfter() > 0) {
            request.response().putHeader("Retry-After", Long.toString(refusal.retryAfter()));
        }
        if (upgrade) {
            refuseUpgrade(request, refusal.status(), refusal.status() == 403 ? EngineError.FORBIDDEN.message() : refusal.reason());
        } else if (refusal.status() == 403) {
            PollingTransport.reject(request.response(), EngineError.FORBIDDEN);
        } else {
            PollingTransport.respond(request.response(), refusal.status(), "text/plain; charset=utf-8", Buffer.buffer(refusal.reason()));
        }
    }

    private static void refuseUpgrade(HttpServerRequest request, int status, String message) {
        request.response().setStatusCode(status).putHeader("Content-Type", "text/html")
                .putHeader("Connection", "close").end(message)
                .onComplete(done -> request.connection().close());
    }

    private void pollingHandshake(HttpServerRequest request, ChannelHandlerContext channel) {
        PollingTransport transport = new PollingTransport();
        EngineSocket session = open(lane(channel), transport, access.entry(request));
        HttpServerResponse response = request.response();
        response.closeHandler(v -> session.lane.run(() -> transport.onGetClosed(response)));
        transport.onGet(response);
    }

    private void polling(HttpServerRequest request, EngineSocket session) {
        HttpServerResponse response = request.response();
        if (request.method() == HttpMethod.GET) {
            response.closeHandler(v -> onPolling(session, null, transport -> transport.onGetClosed(response)));
            onPolling(session, response, transport -> transport.onGet(response));
        } else if (request.method() == HttpMethod.POST) {
            boolean binary = "application/octet-stream".equalsIgnoreCase(request.getHeader("Content-Type"));
            PollingTransport.Post post = new PollingTransport.Post(response, binary);
            onPolling(session, response, transport -> transport.onPostStart(post));
            request.handler(chunk -> post.take(chunk, settings.maxPayload()));
            request.endHandler(v -> onPolling(session, response, transport -> transport.onPostEnd(post)));
            request.exceptionHandler(failure -> onPolling(session, null, transport -> transport.onPostFailed(post)));
        } else {
            PollingTransport.reject(response, EngineError.BAD_REQUEST);
        }
    }

    /** Runs {@code action} on the session's lane with its long-polling transport, if it still has one. */
    private static void onPolling(EngineSocket session, HttpServerResponse response, Consumer<PollingTransport> action) {
        session.lane.run(() -> {
            PollingTransport transport = transport(session, response);
            if (transport != null) {
                action.accept(transport);
            }
        });
    }

    /**
     * The long-polling transport of {@code session} on its lane, or null when there is none: the
     * session closed (the request is answered as for an unknown id) or upgraded to WebSocket
     * (answered as a bad request, as the reference server does for a transport mismatch).
     */
    private static PollingTransport transport(EngineSocket session, HttpServerResponse response) {
        if (session.state() == EngineSocket.State.CLOSED) {
            if (response != null) {
                PollingTransport.reject(response, EngineError.UNKNOWN_SID);
            }
            return null;
        }
        if (session.transport() instanceof PollingTransport polling) {
            return polling;
        }
        if (response != null) {
            PollingTransport.reject(response, EngineError.BAD_REQUEST);
        }
        return null;
    }

    private void webSocket(HttpServerRequest request, ChannelHandlerContext channel, EngineSocket session) {
        SocketIoAccess.Entry entry = session == null ? access.entry(request) : null;
        request.toWebSocket().onComplete(result -> {
            if (result.failed()) {
                LOG.debugf("websocket upgrade failed: %s", result.cause().getMessage());
                return;
            }
            raiseFrameLimit(channel);
            if (session == null) {
                LoopLane lane = lane(channel);
                open(lane, new WebSocketTransport(result.result(), channel, lane, settings), entry);
            } else {
                WebSocketTransport transport = new WebSocketTransport(result.result(), channel, session.lane, settings);
                transport.attach(session);
                session.lane.run(() -> session.upgrade(transport));
            }
        });
    }

    /**
     * Lets this connection's frames be as large as max-payload. The server-wide WebSocket frame
     * limit ({@code switchboard.max-frame-size}) is set for the hub; Socket.IO clients send each
     * packet as one frame and are promised max-payload, so the frame decoder of this connection is
     * swapped for one with that limit; a larger frame is answered with a 1009 close. It runs on the
     * connection's thread right after the handshake, before any frame has been read.
     */
    private void raiseFrameLimit(ChannelHandlerContext channel) {
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandler decoder = pipeline.get(WebSocketFrameDecoder.class);
        if (decoder == null) {
            LOG.warn("no WebSocket frame decoder found; Socket.IO frames keep the server-wide limit");
            return;
        }
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(settings.maxPayload())
                .allowExtensions(compression)
                .closeOnProtocolViolation(false)
                .build();
        String name = pipeline.context(decoder).name();
        pipeline.replace(decoder, name, new WebSocket13FrameDecoder(config));
        pipeline.addAfter(name, "socketio-frame-errors", FrameErrors.INSTANCE);
    }

    /**
     * Answers a frame the decoder refused (too large, or not RFC 6455) with the close code it names,
     * then closes the connection. The decoder cannot send that close itself: the frame encoder sits
     * behind it in the pipeline, so the close frame is written from the channel's end.
     */
    @ChannelHandler.Sharable
    static final class FrameErrors extends ChannelInboundHandlerAdapter {
        static final FrameErrors INSTANCE = new FrameErrors();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof CorruptedWebSocketFrameException corrupted && ctx.channel().isActive()) {
                LOG.debugf("closing a Socket.IO WebSocket: %s", cause.getMessage());
                WebSocketCloseStatus status = corrupted.closeStatus();
                ctx.channel().writeAndFlush(new CloseWebSocketFrame(status.code(), status.reasonText()))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }

    /**
     * A new session over {@code transport}, registered and sent its open packet; on its lane. It
     * counts against the connection limits until it closes.
     */
    private EngineSocket open(LoopLane lane, EngineTransport transport, SocketIoAccess.Entry entry) {
        String sid = RandomIds.next();
        entry.opened();
        EngineSocket session = new EngineSocket(sid, lane, settings, transport, closed -> {
            sessions.remove(closed.sid, closed);
            entry.closed();
        });
        sessions.put(sid, session);
        session.open(new SocketIoConnection(session, hub, settings, entry, records));
        LOG.debugf("session %s opened over %s", sid, transport.name());
        return session;
    }

    private LoopLane lane(ChannelHandlerContext channel) {
        return lanes.computeIfAbsent(channel.channel().eventLoop(), LoopLane::new);
    }
}
