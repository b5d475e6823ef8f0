package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A socket the server disconnects for good (here: an operator's {@code DELETE /api/clients/{id}},
 * close code 4500) receives a DISCONNECT first, so the official client reports "io server
 * disconnect" and does not reconnect on its own.
 */
@QuarkusTest
class SocketIoServerDisconnectTest extends SocketIoNodeTest {

    @Test
    void aKickedSocketIsDisconnectedByTheServer() {
        try (SocketIoNode client = SocketIoNode.connect(uri, SocketIoNode.WEBSOCKET_ONLY)) {
            long id = client.connectedId();
            kick(id);
            assertThat(client.await(r -> "disconnect".equals(r.path("ev").asText())).get("reason").asText())
                    .isEqualTo("io server disconnect");
        }
    }

    @Test
    void aKickedPollingSocketGetsTheDisconnectPacketThenTheClose() {
        PollingClient client = PollingClient.open(uri);
        client.postOk("40");
        long id = PollingClient.socketId(client.next());
        kick(id);
        assertThat(client.next()).isEqualTo("41");
        assertThat(client.next()).isEqualTo("1");
        assertThat(client.get().status()).isEqualTo(400);
    }

    /** {@code DELETE /api/clients/{id}}: the operator's disconnect. */
    private void kick(long id) {
        try (RawHttp http = RawHttp.connect(uri)) {
            assertThat(http.send("DELETE", "/api/clients/" + id, null, null, "Authorization: Bearer test-key").read().status())
                    .isEqualTo(204);
        }
    }
}
