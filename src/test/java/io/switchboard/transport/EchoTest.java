package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

@QuarkusTest
class EchoTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void everyFrameComesBackOnTheSameSocketInOrder() {
        try (WsClient echo = WsClient.open(uri, "/echo"); WsClient other = WsClient.open(uri, "/echo")) {
            for (int i = 0; i < 50; i++) {
                echo.send("ping " + i);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(echo.next()).isEqualTo("ping " + i);
            }
            echo.sendBinary(new byte[] {7, 8, 9});
            assertThat(echo.nextFrame()).isEqualTo(new byte[] {7, 8, 9});
            assertThat(other.pending()).isEmpty();
        }
    }
}
