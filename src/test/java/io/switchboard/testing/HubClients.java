package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Several hub clients opened one after the other, each greeted with {@code hello}; the notices
 * their arrival causes among themselves are consumed, so each starts with an empty queue.
 */
public final class HubClients implements AutoCloseable {
    private final List<WsClient> clients = new ArrayList<>();
    private final List<Long> ids = new ArrayList<>();

    private HubClients() {
    }

    public static HubClients open(URI uri, int count) {
        HubClients group = new HubClients();
        for (int i = 0; i < count; i++) {
            WsClient client = WsClient.open(uri, "/");
            long id = client.hello();
            for (WsClient earlier : group.clients) {
                // Skips notices about clients of earlier tests that are still leaving.
                com.fasterxml.jackson.databind.JsonNode notice = earlier.nextJson();
                while (!(notice.get("type").asText().equals("client:connected") && notice.get("client").asLong() == id)) {
                    assertThat(notice.get("type").asText()).startsWith("client:");
                    notice = earlier.nextJson();
                }
            }
            group.clients.add(client);
            group.ids.add(id);
        }
        return group;
    }

    public WsClient get(int index) {
        return clients.get(index);
    }

    public long id(int index) {
        return ids.get(index);
    }

    /** Has client {@code index} join {@code room} and checks the reply. */
    public void join(int index, String room) {
        WsClient client = get(index);
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        assertThat(client.nextJson().get("type").asText()).isEqualTo("joined");
    }

    @Override
    public void close() {
        clients.forEach(WsClient::close);
    }
}
