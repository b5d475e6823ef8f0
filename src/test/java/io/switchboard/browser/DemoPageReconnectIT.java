package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Restarting the server: pages notice, back off, come back, re-join their rooms and keep chatting. */
class DemoPageReconnectIT extends BrowserTestBase {

    @Test
    void pagesReconnectAfterARestartAndKeepChatting() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();
        alice.say("before the restart");
        assertThat(bob.chatLineSaying("before the restart")).isVisible();

        int aliceBefore = alice.clientId();
        int bobBefore = bob.clientId();
        server.stop();

        assertThat(alice.status()).hasText("reconnecting…");
        assertThat(bob.status()).hasText("reconnecting…");
        // The old id went with the old connection: no "you are Client N", no "(you)" in the room.
        assertThat(alice.page.locator("#me")).hasText("");
        assertThat(alice.page.locator("#me")).hasAttribute("data-client", "");
        assertThat(alice.presenceOf(aliceBefore)).hasCount(0);
        assertThat(alice.page.locator("#presence")).not().containsText("(you)");
        assertThat(alice.page.locator("#presence")).hasAttribute("data-stale", "true");
        assertThat(alice.presenceOf(bobBefore)).hasText("Client " + bobBefore);

        server.restart();

        alice.awaitReady();
        bob.awaitReady();
        int aliceId = alice.clientId();
        assertThat(alice.page.locator("#me")).hasText("you are Client " + aliceId);
        assertThat(alice.presenceOf(aliceId)).hasText("Client " + aliceId + " (you)");
        assertThat(alice.page.locator("#presence")).hasAttribute("data-stale", "false");
        assertThat(bob.presenceOf(aliceId)).isVisible();

        alice.say("after the restart");

        assertThat(bob.chatLineSaying("after the restart").locator(".who")).hasText("Client " + aliceId);
        bob.say("welcome back");
        assertThat(alice.chatLineSaying("welcome back").locator(".who")).hasText("Client " + bob.clientId());
    }

    @Test
    void afterARestartConnectedResolvesWithEveryRoomJoinedAgain() {
        DemoPage page = openDemo();
        server.stop();
        assertThat(page.status()).hasText("reconnecting…");

        server.restart();

        Object joined = page.page.evaluate("""
                rooms => window.switchboard.connected()
                    .then(sb => rooms.map(r => sb.room(r).joined && (!sb.room(r).events || sb.room(r).members.has(sb.id))))
                """, DemoPage.ROOMS);
        Assertions.assertThat(LibraryPage.list(joined)).hasSize(DemoPage.ROOMS.size()).containsOnly(true);
    }
}
