package io.switchboard.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /socket.io/socket.io.js} (and the minified, ES module and source map files) serve the
 * official client bundle, byte for byte the version the tests run.
 */
@QuarkusTest
class SocketIoClientBundleTest {

    @TestHTTPResource("/")
    URI uri;

    @ParameterizedTest
    @ValueSource(strings = {"socket.io.js", "socket.io.min.js", "socket.io.esm.min.js", "socket.io.js.map", "socket.io.min.js.map",
        "socket.io.esm.min.js.map"})
    void theBundleIsTheTestedClientVersion(String file) throws Exception {
        RawHttp.Response response = RawHttp.get(uri, "/socket.io/" + file);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).contains(file.endsWith(".map") ? "json" : "javascript");
        SocketIoNode.requireNode();
        Path dist = SocketIoNode.DIR.resolve("node_modules").resolve("socket.io-client").resolve("dist").resolve(file);
        assertThat(response.body()).isEqualTo(Files.readAllBytes(dist));
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket.io.js", "socket.io.min.js"})
    void theBundleCarriesItsVersionAndLicence(String file) {
        assertThat(RawHttp.get(uri, "/socket.io/" + file).text()).startsWith("/*!\n * Socket.IO v4.8.4\n").contains("Released under the MIT License.");
        assertThat(RawHttp.get(uri, "/socket.io/LICENSE").text()).contains("MIT").contains("Permission is hereby granted");
    }
}
