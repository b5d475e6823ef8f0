package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** A busy demo page on a desktop and on a phone, saved to {@code target/screenshots/} for a human to look at. */
class DemoPageScreenshotIT extends BrowserTestBase {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Test
    void aBusyPageRendersOnDesktopAndPhone() throws Exception {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();
        BrowserContext phoneContext = newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true));
        DemoPage carol = DemoPage.open(phoneContext, server.url("/" + FAST_RECONNECT));

        alice.say("Hi all! Anyone around?");
        bob.say("Yes, here. The ticker is moving.");
        carol.say("Here on my phone.");
        alice.say("Try the bang pad");
        assertThat(alice.chatLineSaying("Try the bang pad")).isVisible();
        assertThat(carol.chatLineSaying("Try the bang pad")).isVisible();
        bob.moveOnXyPad(0.3, 0.4);
        assertThat(alice.cursorOf(bob.clientId())).isVisible();
        bob.bang();
        assertThat(alice.bangCount()).hasText("1");
        for (DemoPage page : new DemoPage[] {alice, carol}) {
            assertThat(page.clock()).hasText(Pattern.compile("\\d{2}:\\d{2}:\\d{2}"));
            assertThat(page.page.locator("#ticker tr[data-symbol]").first()).isVisible();
        }

        Files.createDirectories(SCREENSHOTS);
        alice.page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("demo.png")).setFullPage(true));
        carol.page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("demo-phone.png")).setFullPage(true));

        for (DemoPage page : new DemoPage[] {alice, carol}) {
            Object overflows = page.page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth");
            Assertions.assertThat(overflows).as("horizontal scrolling").isEqualTo(false);
        }
        Assertions.assertThat(SCREENSHOTS.resolve("demo.png")).isNotEmptyFile();
    }

    @Test
    void onA390PixelPhoneTheChatLogKeepsItsHeightAndTheFullWidth() {
        BrowserContext phone = newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true));
        DemoPage page = DemoPage.open(phone, server.url("/" + FAST_RECONNECT));
        page.say("a line on a phone");
        assertThat(page.chatLineSaying("a line on a phone")).isVisible();

        BoundingBox log = page.chatLog().boundingBox();
        BoundingBox card = page.page.locator(".card.chat").boundingBox();
        Assertions.assertThat(log.height).as("chat log height at 390 px").isGreaterThanOrEqualTo(200);
        Assertions.assertThat(log.width).as("chat log width at 390 px").isGreaterThanOrEqualTo(card.width - 40);
        Assertions.assertThat(page.chatLineSaying("a line on a phone").boundingBox().height).isPositive();
    }
}
