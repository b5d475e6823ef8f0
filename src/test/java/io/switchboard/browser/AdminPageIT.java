package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator page in Chromium against the packaged server: it shows nothing without the API key,
 * and with it the live rooms, member counts, connections by transport and messages per second.
 */
class AdminPageIT {
    private static final String KEY = "admin-page-key";

    private static Chromium chromium;
    private static ServerProcess server;

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
        server = ServerProcess.start(List.of("-Dswitchboard.api.key=" + KEY));
    }

    @AfterAll
    static void stop() {
        BrowserTestBase.close(server, chromium);
    }

    @Test
    void theKeyOpensLiveRoomsConnectionsAndRates() {
        URI base = URI.create(server.url("/"));
        try (BrowserContext context = chromium.newContext(); WsClient a = WsClient.open(base, "/")) {
            a.hello();
            WsClient b = WsClient.open(base, "/");
            b.hello();
            a.nextJson(); // client:connected of b
            a.send("{\"type\":\"join\",\"room\":\"ops-room\"}");
            a.nextJson();
            Page page = context.newPage();
            page.navigate(server.url("/admin"));
            assertThat(page).hasURL(Pattern.compile(".*/admin/$"));
            // No key yet: the page says what the API said.
            assertThat(page.locator("#problem")).hasText(Pattern.compile("^401: send the API key"));

            page.locator("#key").fill("wrong");
            page.locator("#key-form button").click();
            assertThat(page.locator("#problem")).hasText("401: the API key is not the configured one");

            page.locator("#key").fill(KEY);
            page.locator("#key-form button").click();
            assertThat(page.locator("#problem")).isHidden();
            assertThat(page.locator("#status")).hasText("ready");
            assertThat(page.locator("#connections")).hasText("2");
            assertThat(row(page, "#transports", "websocket")).hasText("2");
            assertThat(row(page, "#rooms", "ops-room")).hasText("1");
            assertThat(row(page, "#rooms", "lobby")).hasText("2");

            // Traffic shows as messages per second within the page's next refreshes.
            page.waitForCondition(() -> {
                a.send("{\"type\":\"publish\",\"room\":\"ops-room\",\"payload\":1}");
                a.nextJson();
                return !page.locator("#in-rate").textContent().equals("0") && !page.locator("#out-rate").textContent().equals("0");
            }, new Page.WaitForConditionOptions().setTimeout(20_000));
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "browser-it", "admin.png")).setFullPage(true));

            // The key lives in this tab's session storage: a reload keeps showing data.
            page.reload();
            assertThat(page.locator("#connections")).hasText("2");
            b.close();
            assertThat(page.locator("#connections")).hasText("1");
        }
    }

    /** The count cell of {@code name}'s row in table body {@code tbody}. */
    private static Locator row(Page page, String tbody, String name) {
        return page.locator(tbody + " tr").filter(new Locator.FilterOptions().setHasText(name)).locator("td").nth(1);
    }
}
