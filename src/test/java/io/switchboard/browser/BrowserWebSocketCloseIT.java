package io.switchboard.browser;

import static io.switchboard.browser.LibraryPage.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.switchboard.testing.RawPeer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chromium's own WebSocket against the packaged server: an oversize message is answered with the
 * close frame 1009 (a clean close, not 1006), and a shutdown with sockets open closes them with
 * 1012 "service restart" and leaves no warning or error in the server's log.
 */
class BrowserWebSocketCloseIT extends BrowserTestBase {

    @Test
    @SuppressWarnings("unchecked")
    void anOversizeMessageIsClosedWith1009OnEveryEndpoint() {
        Page page = LibraryPage.open(newContext(), server.url(""));
        Map<String, Object> closes = (Map<String, Object>) run(page, """
                async () => {
                  const closes = {};
                  for (const path of ['/echo', '/raw/chromium-big', '/']) {
                    const ws = new WebSocket('ws://' + location.host + path);
                    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
                    const closed = new Promise((resolve) => {
                      ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean });
                    });
                    ws.send('x'.repeat(70000));
                    closes[path] = await closed;
                  }
                  return closes;
                }
                """);

        assertThat(closes).containsOnlyKeys("/echo", "/raw/chromium-big", "/");
        for (Object close : closes.values()) {
            assertThat((Map<String, Object>) close).containsEntry("code", 1009).containsEntry("wasClean", true);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aShutdownWithSocketsOpenClosesThemWith1012AndLogsNoWarning() throws IOException {
        Page page = LibraryPage.open(newContext(), server.url(""));
        run(page, """
                async () => {
                  window.closes = [];
                  for (const path of ['/raw/shutdown', '/echo', '/']) {
                    const ws = new WebSocket('ws://' + location.host + path);
                    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
                    ws.onclose = (e) => window.closes.push({ path, code: e.code, reason: e.reason, wasClean: e.wasClean });
                  }
                  // Proof that each socket is registered: the raw one hears itself, the hub answers.
                  const raw = new WebSocket('ws://' + location.host + '/raw/shutdown');
                  await new Promise((resolve) => { raw.onmessage = resolve; raw.onopen = () => raw.send('here'); });
                  raw.onclose = (e) => window.closes.push({ path: 'probe', code: e.code, reason: e.reason, wasClean: e.wasClean });
                  return true;
                }
                """);
        // And a peer that never answers a close frame, as a hung or vanished client would not.
        try (RawPeer silent = RawPeer.open(URI.create(server.url("/")), "/raw/shutdown-silent")) {
            silent.send(RawPeer.TEXT, RawPeer.utf8("registered"));
            assertThat(silent.read(frame -> frame.opcode() != RawPeer.TEXT).text()).isEqualTo("registered");
            long logged = Files.size(server.log());

            server.restart();

            assertQuietSince(logged);
            assertThat(silent.readUntilClose().closeCode()).isEqualTo(1012);
            silent.expectEndOfStream();
        }

        List<Map<String, Object>> closes = (List<Map<String, Object>>) page.evaluate("async () => {"
                + " await until(() => window.closes.length === 4, 15000); return window.closes; }");
        assertThat(closes).hasSize(4).allSatisfy(close -> assertThat(close)
                .containsEntry("code", 1012).containsEntry("reason", "service restart, reconnect").containsEntry("wasClean", true));
    }

    /** The server's log from {@code offset} to the end of the stop shows no warning or error. */
    private static void assertQuietSince(long offset) throws IOException {
        String log;
        try (var in = Files.newInputStream(server.log())) {
            in.skipNBytes(offset);
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int stopped = log.indexOf("stopped in");
        assertThat(stopped).as("the log shows the stop:%n%s", log).isNotNegative();
        // What the restarted server logs afterwards is not the shutdown's.
        log = log.substring(0, stopped);
        assertThat(log.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
                .as("warnings and errors in the log of the shutdown:%n%s", log).isEmpty();
    }
}
