package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.Test;

/** Restarting the server: pages notice, back off, come back, re-join their rooms and keep chatting. */
class DemoPageReconnectIT extends BrowserTestBase {

    @Test
    void pagesReconnectAfterARestartAndKeepChatting() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();
        alice.say("before the restart");
        assertThat(bob.chatLineSaying("before the restart")).isVisible();

        server.stop();

        assertThat(alice.status()).hasText("reconnecting…");
        assertThat(bob.status()).hasText("reconnecting…");

        server.restart();

        alice.awaitReady();
        bob.awaitReady();
        int aliceId = alice.clientId();
        assertThat(bob.presenceOf(aliceId)).isVisible();

        alice.say("after the restart");

        assertThat(bob.chatLineSaying("after the restart").locator(".who")).hasText("Client " + aliceId);
        bob.say("welcome back");
        assertThat(alice.chatLineSaying("welcome back").locator(".who")).hasText("Client " + bob.clientId());
    }
}
