package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A page written for a Node Socket.IO server, pointed at Switchboard: it loads
 * {@code /socket.io/socket.io.js} from the server and shows {@code api:server-time}. Switchboard
 * has no such page, so the test writes it into a document the server served (keeping the server's
 * origin, as the app's own page would have it: Chromium refuses WebSocket connections to loopback
 * from pages of another address space); the bundle and every connection go to the server.
 */
class SocketIoPageIT extends BrowserTestBase {

    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2} GMT[+-]\\d{4} \\(.+\\)");

    /** The page of a server-time app, as such apps are written; {@code OPTIONS} are the io() options. */
    private static String page(String url, String options) {
        return """
                <!doctype html>
                <html><head><title>server time</title></head>
                <body>
                  <p>Server time: <span id="time">…</span></p>
                  <p>Transport: <span id="transport"></span> <span id="status">connecting</span></p>
                  <script src="/socket.io/socket.io.js"></script>
                  <script>
                    const socket = io('URL', OPTIONS);
                    socket.on('connect', () => {
                      document.getElementById('status').textContent = 'connected';
                      const show = () => document.getElementById('transport').textContent = socket.io.engine.transport.name;
                      show();
                      socket.io.engine.on('upgrade', show);
                    });
                    socket.on('api:server-time', (time) => document.getElementById('time').textContent = time);
                  </script>
                </body></html>
                """.replace("URL", url).replace("OPTIONS", options);
    }

    private Page open(String options) {
        Page page = newContext().newPage();
        // A document of the server's origin (and its loopback address space), rewritten with the app.
        page.navigate(server.url("/socket.io/LICENSE"));
        page.setContent(page("ws://127.0.0.1:" + server.port(), options));
        return page;
    }

    /** The time shows, then changes to another time. */
    private static void assertTicks(Page page) {
        assertThat(page.locator("#time")).hasText(TIME);
        String first = page.locator("#time").textContent();
        assertThat(page.locator("#time")).not().hasText(first);
        assertThat(page.locator("#time")).hasText(TIME);
    }

    @Test
    void thePageShowsTheServerTimeAndItTicks() {
        Page page = open("{}");

        assertThat(page.locator("#status")).hasText("connected");
        assertTicks(page);
    }

    @Test
    void theBrowserUpgradesFromPollingToWebSocket() {
        Page page = open("{}");

        assertThat(page.locator("#transport")).hasText("websocket");
        assertThat(page.locator("#time")).hasText(TIME);
    }

    @Test
    void aPollingOnlyPageWorksToo() {
        Page page = open("{ transports: ['polling'] }");

        assertThat(page.locator("#transport")).hasText("polling");
        assertTicks(page);
    }

    @Test
    void aPageWhoseConnectionDropsRecoversItsSessionAndWhatItMissed() {
        Page page = open("{ transports: ['websocket'] }");
        assertThat(page.locator("#status")).hasText("connected");
        page.evaluate("""
                () => new Promise((joined) => {
                  window.got = [];
                  socket.on('message', (payload) => window.got.push(payload));
                  socket.emit('join', 'browser-recover', () => joined());
                })""");
        String id = (String) page.evaluate("() => socket.id");
        try (WsClient hub = WsClient.open(URI.create(server.url("/")), "/")) {
            hub.send("{\"type\":\"join\",\"room\":\"browser-recover\",\"events\":false,\"id\":\"j\"}");
            hub.reply("j");
            publish(hub, "one");
            page.waitForFunction("() => window.got.length === 1");

            // The network goes away: the engine's connection closes and the page does not reconnect yet.
            page.evaluate("""
                    () => new Promise((gone) => {
                      socket.io.reconnection(false);
                      socket.once('disconnect', () => gone());
                      socket.io.engine.close();
                    })""");
            publish(hub, "two");
            publish(hub, "three");
            page.evaluate("() => socket.connect()");

            page.waitForFunction("() => socket.connected && window.got.length === 3");
            assertThat(page.evaluate("() => socket.recovered")).isEqualTo(true);
            assertThat(page.evaluate("() => socket.id")).isEqualTo(id);
            assertThat(page.evaluate("() => JSON.stringify(window.got)")).isEqualTo("[\"one\",\"two\",\"three\"]");
        }
    }

    private static void publish(WsClient hub, String text) {
        hub.send("{\"type\":\"publish\",\"room\":\"browser-recover\",\"payload\":\"" + text + "\",\"id\":\"p\"}");
        hub.reply("p");
    }
}
