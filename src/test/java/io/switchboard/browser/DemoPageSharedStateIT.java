package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The shared lamp on the demo page: its colour, brightness and size live in the state of room {@code lamp}. */
class DemoPageSharedStateIT extends BrowserTestBase {

    @Test
    void aNewTabShowsTheCurrentValuesAsSoonAsItIsConnected() {
        DemoPage alice = openDemo();
        alice.setLamp("color", "#ff8800");
        alice.setLamp("brightness", "30");
        alice.setLamp("size", "80");
        alice.page.waitForFunction("() => { const s = window.switchboard.room('lamp').state;"
                + " return s.color === '#ff8800' && s.brightness === 30 && s.size === 80; }");

        DemoPage bob = openDemo();

        // No waiting: the values came with the join reply, before the page reported "connected".
        Assertions.assertThat(bob.lampControl("color").inputValue()).isEqualTo("#ff8800");
        Assertions.assertThat(bob.lampControl("brightness").inputValue()).isEqualTo("30");
        Assertions.assertThat(bob.lampControl("size").inputValue()).isEqualTo("80");
        Assertions.assertThat(bob.lamp().getAttribute("data-brightness")).isEqualTo("30");
        assertThat(bob.page.locator("#lamp-brightness-value")).hasText("30%");
    }

    @Test
    void movingAControlInOneTabMovesItInTheOthers() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();

        bob.setLamp("brightness", "65");
        assertThat(alice.lampControl("brightness")).hasValue("65");
        assertThat(alice.lamp()).hasAttribute("data-brightness", "65");

        bob.setLamp("color", "#2288ee");
        assertThat(alice.lampControl("color")).hasValue("#2288ee");
        assertThat(alice.lamp()).hasAttribute("data-color", "#2288ee");

        alice.setLamp("size", "12");
        assertThat(bob.lampControl("size")).hasValue("12");
        assertThat(bob.page.locator("#lamp-size-value")).hasText("12%");
        // Each tab's own control stays where its user put it.
        assertThat(bob.lampControl("brightness")).hasValue("65");
        assertThat(alice.lampControl("size")).hasValue("12");
    }

    @Test
    void theLastChangeWinsInEveryTab() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();

        alice.setLamp("size", "20");
        alice.page.waitForFunction("() => window.switchboard.room('lamp').state.size === 20");
        // Right after alice's own change: her control holds still for a moment, then follows the room.
        bob.setLamp("size", "90");

        assertThat(alice.lampControl("size")).hasValue("90");
        assertThat(bob.lampControl("size")).hasValue("90");
    }
}
