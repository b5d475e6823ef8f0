package io.switchboard.security;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.mutiny.Uni;
import io.switchboard.config.SecurityConfig.AuthMode;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.Principal;
import io.switchboard.hub.Right;
import io.switchboard.hub.RoomPolicy;
import io.switchboard.protocol.RoomNames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses an upgrade before any socket exists:
 * <ul>
 * <li>400: a client that offers subprotocols none of which the server speaks, a raw relay room
 * with a bad name, or a path with a {@code .} or {@code ..} segment (a filter ahead of routing);</li>
 * <li>403: a browser page from an origin outside {@code switchboard.allowed-origins}, or a raw
 * relay room the token gives no {@code join} right to;</li>
 * <li>503 with {@code Retry-After}: a node that is draining, a client IP at
 * {@code switchboard.connections.max-per-ip}, or more new connections than
 * {@code switchboard.connections.rate} allows;</li>
 * <li>401: a token that came with the upgrade ({@code ?token=} or {@code Authorization: Bearer})
 * and is invalid or expired, or (required mode) a raw relay upgrade without one.</li>
 * </ul>
 * A valid token's principal travels with the connection in its {@link #PRINCIPAL} user data.
 */
@ApplicationScoped
public class UpgradeCheck implements HttpUpgradeCheck {
    private static final Logger LOG = Logger.getLogger(UpgradeCheck.class);
    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    private static final String RAW_PREFIX = "/raw/";
    /** Ahead of routing and of the other filters. */
    private static final int FILTER_PRIORITY = 10_000;
    /** The principal of the token that came with the upgrade, for the connection. */
    public static final TypedKey<Principal> PRINCIPAL = new TypedKey<>("switchboard.principal");

    private final List<String> subprotocols;
    private final Admission admission;
    private final TokenVerifier verifier;
    private final RoomPolicy policy;

    @Inject
    UpgradeCheck(SwitchboardConfig config, Admission admission, TokenVerifier verifier, RoomPolicy policy) {
        this.subprotocols = config.subprotocols();
        this.admission = admission;
        this.verifier = verifier;
        this.policy = policy;
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
        return admit(context, room);
    }

    /** Origin, draining, connection limits ({@link Admission}) and the upgrade's token, in that order. */
    private Uni<CheckResult> admit(HttpUpgradeContext context, String rawRoom) {
        HttpServerRequest request = context.httpRequest();
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        Admission.Refusal refusal = admission.check(request.getHeader("Origin"), ip);
        if (refusal != null) {
            return refusal.retryAfter() > 0 ? unavailable(refusal.retryAfter()) : CheckResult.rejectUpgrade(refusal.status());
        }
        if (verifier.mode() == AuthMode.NONE) {
            return CheckResult.permitUpgrade();
        }
        String token = Gates.token(request.getHeader("Authorization"), request.query());
        if (token == null) {
            boolean rawNeedsToken = rawRoom != null && verifier.mode() == AuthMode.REQUIRED;
            if (rawNeedsToken || (rawRoom != null && !policy.allows(Principal.ANONYMOUS, Right.JOIN, rawRoom, false))) {
                return CheckResult.rejectUpgrade(rawNeedsToken ? 401 : 403);
            }
            return CheckResult.permitUpgrade();
        }
        return onRequestContext(verifier.authenticate(token)).onItemOrFailure().transformToUni((principal, failure) -> {
            if (failure != null) {
                LOG.debugf("upgrade refused: %s", failure.getMessage());
                return CheckResult.rejectUpgrade(401);
            }
            if (rawRoom != null && !policy.allows(principal, Right.JOIN, rawRoom, false)) {
                return CheckResult.rejectUpgrade(403);
            }
            context.userData().put(PRINCIPAL, principal);
            return CheckResult.permitUpgrade();
        });
    }

    /**
     * {@code verdict}, delivered on the event loop of the request's connection. A token is verified
     * on a worker thread, and websockets-next performs the upgrade on the thread the check's result
     * arrives on: from a worker thread, the 101 response could reach the client before the socket's
     * handlers were registered on the event loop, and a frame the client sent at once (its
     * {@code hello}) was read with no handler and lost. On the event loop the upgrade and the
     * handlers happen in one go, as for an upgrade without a token.
     */
    private static <T> Uni<T> onRequestContext(Uni<T> verdict) {
        Context context = Vertx.currentContext();
        return context == null ? verdict : verdict.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private static Uni<CheckResult> unavailable(long retryAfterSeconds) {
        return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of(Long.toString(retryAfterSeconds))));
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
