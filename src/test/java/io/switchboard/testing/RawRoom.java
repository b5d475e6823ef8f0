package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw relay sockets opened one after the other, each proven to be in the room before the next
 * opens: a socket's own frame coming back means the server has added it (a socket can see its
 * upgrade complete a moment before that). The probes are consumed.
 */
public final class RawRoom implements AutoCloseable {
    private final List<WsClient> sockets = new ArrayList<>();

    private RawRoom() {
    }

    public static RawRoom open(URI uri, String room, int count) {
        RawRoom group = new RawRoom();
        for (int i = 0; i < count; i++) {
            WsClient socket = WsClient.open(uri, "/raw/" + room);
            String probe = "probe-" + i + "-" + System.nanoTime();
            // Until the server has registered the socket its probe goes nowhere: repeat it.
            String first;
            do {
                socket.send(probe);
                first = socket.nextOrNull(java.time.Duration.ofMillis(200));
            } while (first == null);
            assertThat(first).isEqualTo(probe);
            group.drainProbe(socket, probe);
            for (WsClient earlier : group.sockets) {
                group.drainProbe(earlier, probe);
            }
            group.sockets.add(socket);
        }
        return group;
    }

    /** Consumes copies of {@code probe} that may still be queued. */
    private void drainProbe(WsClient socket, String probe) {
        // The earlier sockets see the probe once per successful send (at least once).
        String next;
        while ((next = socket.nextOrNull(java.time.Duration.ofMillis(100))) != null) {
            assertThat(next).isEqualTo(probe);
        }
    }

    public WsClient get(int index) {
        return sockets.get(index);
    }

    @Override
    public void close() {
        sockets.forEach(WsClient::close);
    }
}
