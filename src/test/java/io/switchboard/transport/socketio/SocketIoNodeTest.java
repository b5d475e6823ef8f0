package io.switchboard.transport.socketio;

import java.net.URI;

import org.junit.jupiter.api.BeforeAll;

import io.quarkus.test.common.http.TestHTTPResource;

/** Tests that drive the official socket.io-client: skipped without Node (outside CI). */
abstract class SocketIoNodeTest {

    @TestHTTPResource("/")
    URI uri;

    @BeforeAll
    static void node() {
        SocketIoNode.requireNode();
    }
}
