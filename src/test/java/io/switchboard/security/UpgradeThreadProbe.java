package io.switchboard.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.hub.Principal;
import io.vertx.core.Context;

/**
 * An upgrade check that runs after {@link UpgradeCheck} (a lower priority) and permits every
 * upgrade. For an upgrade whose token that check verified, it records whether it was called on an
 * event loop: websockets-next performs the upgrade on the thread the checks' result arrives on.
 */
@ApplicationScoped
@Priority(-1)
public class UpgradeThreadProbe implements HttpUpgradeCheck {
    private final Map<String, Boolean> onEventLoop = new ConcurrentHashMap<>();

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        Principal principal = context.userData().get(UpgradeCheck.PRINCIPAL);
        if (principal != null) {
            onEventLoop.put(principal.user(), Context.isOnEventLoopThread());
        }
        return CheckResult.permitUpgrade();
    }

    /** Whether {@code user}'s last token-verified upgrade went on on an event loop; null if none was seen. */
    Boolean onEventLoop(String user) {
        return onEventLoop.get(user);
    }
}
