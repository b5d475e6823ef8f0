package io.switchboard.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.protocol.RoomNames;

/**
 * Refuses an upgrade, with HTTP 400, before any socket exists: a client that offers subprotocols
 * none of which the server speaks, or a raw relay room with a bad name.
 */
@ApplicationScoped
public class UpgradeCheck implements HttpUpgradeCheck {
    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";

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
