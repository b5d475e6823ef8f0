package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bang pad (raw socket {@code /raw/bang}) and the shared XY pad (room {@code xy}). */
class DemoPagePadsIT extends BrowserTestBase {

    @Test
    void aBangReachesEveryPageIncludingTheSender() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();

        alice.bang();

        assertThat(alice.bangCount()).hasText("1");
        assertThat(bob.bangCount()).hasText("1");
        assertThat(bob.page.locator("#bang-last")).hasText("last from Client " + alice.clientId());

        bob.bang();

        assertThat(alice.bangCount()).hasText("2");
        assertThat(bob.bangCount()).hasText("2");
    }

    @Test
    void xyMovesOnOnePageShowAsALiveCursorOnTheOther() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();
        int aliceId = alice.clientId();

        alice.moveOnXyPad(0.25, 0.75);

        assertThat(bob.cursorOf(aliceId)).hasAttribute("data-x", near(0.25));
        assertThat(bob.cursorOf(aliceId)).hasAttribute("data-y", near(0.75));

        alice.moveOnXyPad(0.8, 0.1);

        assertThat(bob.cursorOf(aliceId)).hasAttribute("data-x", near(0.8));
        assertThat(bob.cursorOf(aliceId)).hasAttribute("data-y", near(0.1));
        assertThat(bob.cursorOf(aliceId).locator(".label")).hasText(String.valueOf(aliceId));
    }

    /** data-x/data-y carry three decimals; the mouse lands within a pixel or two of the target. */
    private static Pattern near(double value) {
        long thousandths = Math.round(value * 1000);
        StringBuilder alternatives = new StringBuilder();
        for (long t = thousandths - 10; t <= thousandths + 10; t++) {
            if (t >= 0 && t <= 1000) {
                alternatives.append(alternatives.length() == 0 ? "" : "|")
                        .append(String.format(java.util.Locale.ROOT, "%.3f", t / 1000.0).replace(".", "\\."));
            }
        }
        return Pattern.compile("^(" + alternatives + ")$");
    }
}
