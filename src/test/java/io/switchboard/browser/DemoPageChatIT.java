package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.Test;

/** Two people on the demo page: connection status, chat lines and the presence list. */
class DemoPageChatIT extends BrowserTestBase {

    @Test
    void twoPagesShowConnected() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();

        assertThat(alice.status()).hasText("connected");
        assertThat(bob.status()).hasText("connected");
        assertThat(alice.page.locator("#me")).hasText("you are Client " + alice.clientId());
    }

    @Test
    void aLineTypedOnOnePageAppearsOnTheOtherWithItsAuthor() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();

        alice.say("hello from alice");

        assertThat(bob.chatLineSaying("hello from alice").locator(".who")).hasText("Client " + alice.clientId());
        assertThat(alice.chatLineSaying("hello from alice").locator(".who")).hasText("You");
        assertThat(alice.page.locator("#chat-input")).hasValue("");
    }

    @Test
    void presenceListsBothPagesAndDropsAClosedOne() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();
        int bobId = bob.clientId();

        assertThat(alice.presenceOf(bobId)).hasText("Client " + bobId);
        assertThat(alice.presenceOf(alice.clientId())).hasText("Client " + alice.clientId() + " (you)");
        assertThat(bob.presenceOf(alice.clientId())).isVisible();

        bob.close();

        assertThat(alice.presenceOf(bobId)).hasCount(0);
        assertThat(alice.chatLog()).containsText("Client " + bobId + " left");
    }
}
