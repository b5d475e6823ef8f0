package io.switchboard.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.protocol.RoomNames;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses an upgrade, with HTTP 400, before any socket exists: a client that offers subprotocols
 * none of which the server speaks, a raw relay room with a bad name, or a path with a {@code .} or
 * {@code ..} segment.
 */
@ApplicationScoped
public class UpgradeCheck implements HttpUpgradeCheck {
    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    private static final String RAW_PREFIX = "/raw/";
    /** Ahead of routing and of the other filters. */
    private static final int FILTER_PRIORITY = 10_000;

    private final List<String> subprotocols;

    @Inject
    UpgradeCheck(SwitchboardConfig config) {
        this.subprotocols = config.subprotocols();
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        List<String> offered = context.httpRequest().headers().getAll(PROTOCOL_HEADER);
        if (!offered.isEmpty() && !acceptsAny(offered)) {
            return CheckResult.rejectUpgrade(400);
        }
        String room = context.pathParam("room");
        if (room != null && !RoomNames.isValid(room)) {
            return CheckResult.rejectUpgrade(400);
        }
        return CheckResult.permitUpgrade();
    }

    /**
     * Dot segments are refused ahead of routing, which resolves them: {@code /raw/..} would reach
     * the hub at {@code /}, and {@code /raw/.} no endpoint (404). Browsers resolve them before
     * sending, so only a hand-built request carries them. Plain page requests are left to the
     * router.
     */
    void refuseDotSegments(@Observes Filters filters) {
        filters.register(UpgradeCheck::refuseDotSegments, FILTER_PRIORITY);
    }

    private static void refuseDotSegments(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade")) || path == null || !hasDotSegment(path)) {
            context.next();
            return;
        }
        String message = path.startsWith(RAW_PREFIX) && isDotSegment(path.substring(RAW_PREFIX.length()))
                ? "\".\" and \"..\" are not valid raw room names\n"
                : "a WebSocket path may not contain \".\" or \"..\" segments\n";
        context.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (isDotSegment(segment)) {
                return true;
            }
        }
        return false;
    }

    /** {@code .} or {@code ..}, percent-encoded or not (the router decodes {@code %2E} before resolving). */
    private static boolean isDotSegment(String segment) {
        String decoded = segment.replace("%2e", ".").replace("%2E", ".");
        return decoded.equals(".") || decoded.equals("..");
    }

    private boolean acceptsAny(List<String> headers) {
        for (String header : headers) {
            for (String offer : header.split(",")) {
                if (subprotocols.contains(offer.trim())) {
                    return true;
                }
            }
        }
        return false;
    }
}
