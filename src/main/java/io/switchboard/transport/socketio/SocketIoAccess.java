package io.switchboard.transport.socketio;

import java.util.function.Consumer;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.switchboard.config.SecurityConfig.AuthMode;
import io.switchboard.hub.Client;
import io.switchboard.hub.Principal;
import io.switchboard.hub.Session;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.security.Admission;
import io.switchboard.security.Gate;
import io.switchboard.security.Gates;
import io.vertx.core.http.HttpServerRequest;

/**
 * The security rules for Socket.IO clients, the same as for clients of {@code /}
 * (docs/security.md): a new Engine.IO session passes {@link Admission} (origin, draining,
 * connection limits) and is counted while it lives; a CONNECT is authenticated with the token of its
 * {@code auth} payload (or, failing that, of the handshake request) and refused with CONNECT_ERROR
 * when that token is wrong or, in {@code required} mode, missing; a connected socket gets a
 * {@link Gate} that rate-limits every packet it sends.
 */
@Singleton
class SocketIoAccess {
    private final Gates gates;
    private final Admission admission;

    @Inject
    SocketIoAccess(Gates gates, Admission admission) {
        this.gates = gates;
        this.admission = admission;
    }

    /** Whether a handshake (a request without {@code sid}) may open a session: null if so. */
    Admission.Refusal check(HttpServerRequest request) {
        return admission.check(request.getHeader("Origin"), ip(request));
    }

    /** What a handshake brings that the session keeps: the client's address and a token it carried. */
    Entry entry(HttpServerRequest request) {
        return new Entry(ip(request), Gates.token(request.getHeader("Authorization"), request.query()));
    }

    private static String ip(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    /** A CONNECT refused for its token: the message goes to the client in CONNECT_ERROR. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }

        /** The CONNECT_ERROR data: {@code {"message":"…","data":{"code":"unauthorized"}}}. */
        JsonNode data() {
            ObjectNode error = SocketIoCodec.JSON.createObjectNode().put("message", getMessage());
            error.putObject("data").put("code", ErrorCode.UNAUTHORIZED.code());
            return error;
        }
    }

    /** One Engine.IO session's way in, from its handshake to its end. */
    final class Entry {
        private final String ip;
        private final String handshakeToken;

        private Entry(String ip, String handshakeToken) {
            this.ip = ip;
            this.handshakeToken = handshakeToken;
        }

        /** The session opened: it counts against the connection limits until {@link #closed()}. */
        void opened() {
            admission.opened(ip);
        }

        /** The session ended. */
        void closed() {
            admission.closed(ip);
        }

        /**
         * Authenticates a CONNECT and registers its socket with the hub through a new {@link Gate},
         * handed to {@code gate} on the socket's lane before the hub is asked. Fails with
         * {@link Refused} when the token is wrong or required and missing.
         *
         * @param auth the CONNECT payload ({@code {}} when there was none)
         * @param resumeId the client id of a session to resume, or null
         * @param resumeUser the user that session belonged to (null: anonymous); a token of another
         *        user gets a new client id instead
         */
        Uni<Client> open(Session socket, JsonNode auth, Consumer<Gate> gate, Long resumeId, String resumeUser) {
            return principal(auth).emitOn(socket.lane()::execute).chain(principal -> {
                Gate g = gates.hub(socket, null, principal, true);
                gate.accept(g);
                return g.open(resumeId, resumeUser);
            });
        }

        /** The principal of a CONNECT: null for an anonymous socket. */
        private Uni<Principal> principal(JsonNode auth) {
            AuthMode mode = gates.mode();
            if (mode == AuthMode.NONE) {
                return Uni.createFrom().nullItem();
            }
            JsonNode field = auth.get("token");
            if (field != null && !field.isTextual()) {
                return Uni.createFrom().failure(new Refused("\"token\" must be a string"));
            }
            String token = field != null ? field.textValue() : handshakeToken;
            if (token == null) {
                return mode == AuthMode.REQUIRED
                        ? Uni.createFrom().failure(new Refused("a token is required: connect with auth: { token }"))
                        : Uni.createFrom().nullItem();
            }
            return gates.verifier().authenticate(token).onFailure().transform(failure -> new Refused(failure.getMessage()));
        }
    }
}
