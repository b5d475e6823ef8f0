package io.switchboard.transport;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.config.SwitchboardConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * RFC 6455 conformance for every WebSocket endpoint, set up with Vert.x and Netty's own parts
 * where they have a setting, and with {@link ProtocolGuard} where they do not:
 * <ul>
 * <li>Server options: per-frame deflate off. Vert.x enables it by default, and while any
 * compression is supported it builds the frame decoder with {@code allowExtensions(true)}, which
 * lets frames with RSV bits through although no extension was negotiated.</li>
 * <li>On each upgrade, before the handshake: Netty's {@link Utf8FrameValidator} (Vert.x never adds
 * it), which checks text messages incrementally, across fragments, failing on the first bad
 * byte; and a {@link ProtocolGuard}, which turns the decoder's and the validator's verdicts into
 * close frames (Vert.x builds the decoder with {@code closeOnProtocolViolation(false)} and offers
 * no setting for it).</li>
 * </ul>
 * As an upgrade check this is only the hook for the installation: it always permits.
 */
@Singleton
public class ProtocolGuards implements HttpUpgradeCheck, HttpServerOptionsCustomizer {
    /** Name of the Vert.x connection handler in the channel pipeline; the guards go in front of it. */
    private static final String VERTX_HANDLER = "handler";
    private static final String UTF8_VALIDATOR = "switchboard-utf8-validator";

    private final int maxMessageSize;

    @Inject
    ProtocolGuards(SwitchboardConfig config) {
        this.maxMessageSize = config.maxFrameSize();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setPerFrameWebSocketCompressionSupported(false);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        customizeHttpServer(options);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (context.httpRequest().connection() instanceof ConnectionBase connection) {
            install(connection.channelHandlerContext().pipeline());
        }
        return CheckResult.permitUpgrade();
    }

    /**
     * Puts the validator and the guard in front of Vert.x. The frame decoder replaces the HTTP
     * decoder at the head of the pipeline during the handshake, so both end up between it and
     * Vert.x; until then they pass HTTP messages through untouched.
     */
    private void install(ChannelPipeline pipeline) {
        if (pipeline.get(ProtocolGuard.NAME) == null && pipeline.get(VERTX_HANDLER) != null) {
            pipeline.addBefore(VERTX_HANDLER, UTF8_VALIDATOR, new Utf8FrameValidator(false));
            pipeline.addBefore(VERTX_HANDLER, ProtocolGuard.NAME, new ProtocolGuard(maxMessageSize));
        }
    }
}
