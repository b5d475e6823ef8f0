package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The server-time and ticker feeds on the demo page (the server runs server-time every second). */
class DemoPageFeedsIT extends BrowserTestBase {

    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2}");

    @Test
    void theClockTicks() {
        DemoPage page = openDemo();

        assertThat(page.clock()).hasText(TIME);
        String first = page.clock().textContent();
        assertThat(page.clock()).not().hasText(first);
        assertThat(page.clock()).hasText(TIME);
        assertThat(page.page.locator("#clock-zone")).containsText("GMT");
    }

    @Test
    void betweenServerTicksTheClockCountsOnFromTheServersTimeEverySecond() {
        DemoPage page = openDemo();
        assertThat(page.clock()).hasText(TIME);
        // No more server ticks; then one that is clearly not the browser's own time.
        page.page.evaluate("() => window.switchboard.leave('server-time')");
        page.page.evaluate("() => window.switchboard.room('server-time').emit('feed',"
                + " '23:59:58 GMT+0000 (Coordinated Universal Time)', {})");

        assertThat(page.clock()).hasText("23:59:58");
        assertThat(page.clock()).hasText("23:59:59");
        assertThat(page.clock()).hasText("00:00:00");
        assertThat(page.clock()).hasText("00:00:01");
        assertThat(page.page.locator("#clock-zone")).hasText("GMT+0000 (Coordinated Universal Time)");
    }

    @Test
    void theTickerListsQuotesAndUpdatesThem() {
        DemoPage page = openDemo();

        var firstRow = page.page.locator("#ticker tr[data-symbol]").first();
        assertThat(firstRow.locator(".price")).hasText(Pattern.compile("\\d+\\.\\d{2}"));
        String symbol = firstRow.getAttribute("data-symbol");
        String price = firstRow.locator(".price").textContent();
        String change = firstRow.locator(".change").textContent();

        assertThat(page.page.locator("#ticker tr[data-symbol='" + symbol + "'] .price, "
                + "#ticker tr[data-symbol='" + symbol + "'] .change"))
                .not().hasText(new String[] {price, change});
    }
}
