package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The chat's history on the demo page: a tab that opens late shows the last lines, and a tab that
 * loses its connection shows every line sent meanwhile exactly once, whether the server kept them
 * (a resume) or restarted and lost them (a fresh history of the new epoch).
 */
class DemoPageChatHistoryIT extends BrowserTestBase {

    /** A prefix no other test's lines share (the server keeps chat history between tests). */
    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** alice says {@code line}, bob shows it; then bob's network goes (its recoveries recorded from here on). */
    private static void bothSeeThenBobGoesAway(DemoPage alice, DemoPage bob, String line) {
        alice.say(line);
        assertThat(bob.chatLineSaying(line)).isVisible();
        bob.recordRecoveries();
        SocketTap.block(bob.page);
        assertThat(bob.status()).hasText("reconnecting…");
    }

    @Test
    void aTabThatOpensLateShowsTheLastLinesInOrderWithTheirAuthors() {
        DemoPage alice = openDemo();
        String tag = tag();
        List<String> said = List.of(tag + " one", tag + " two", tag + " three");
        said.forEach(alice::say);
        assertThat(alice.chatLineSaying(said.get(2))).isVisible();

        DemoPage late = openDemo();

        assertThat(late.chatLineSaying(said.get(2))).isVisible();
        Assertions.assertThat(late.chatLinesStartingWith(tag)).containsExactlyElementsOf(said);
        List<String> lines = late.chatLines();
        Assertions.assertThat(lines.subList(lines.size() - 3, lines.size())).containsExactlyElementsOf(said);
        assertThat(late.chatLineSaying(tag + " two").locator(".who")).hasText("Client " + alice.clientId());
    }

    @Test
    void aTabThatOpensLateShowsAtMostTheLastFiftyLines() {
        DemoPage alice = openDemo();
        String tag = tag();
        alice.page.evaluate("async ([tag, n]) => { for (let i = 1; i <= n; i++) await window.switchboard.publish('chat', { text: tag + ' ' + i }); }",
                List.of(tag, DemoPage.CHAT_HISTORY + 5));

        DemoPage late = openDemo();

        assertThat(late.chatLineSaying(tag + " " + (DemoPage.CHAT_HISTORY + 5))).isVisible();
        List<String> lastFifty = IntStream.rangeClosed(6, DemoPage.CHAT_HISTORY + 5).mapToObj(i -> tag + " " + i).toList();
        Assertions.assertThat(late.chatLinesStartingWith(tag)).containsExactlyElementsOf(lastFifty);
    }

    @Test
    void aTabWhoseConnectionDropsShowsTheLinesSentMeanwhileExactlyOnce() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemoWithSocketTap();
        String tag = tag();
        int bobBefore = bob.clientId();
        bothSeeThenBobGoesAway(alice, bob, tag + " before");
        // The server has seen bob's connection end: what alice says now does not reach it.
        assertThat(alice.presenceOf(bobBefore)).hasCount(0);
        List<String> missed = List.of(tag + " missed 1", tag + " missed 2", tag + " missed 3");
        missed.forEach(alice::say);
        assertThat(alice.chatLineSaying(missed.get(2))).isVisible();
        Assertions.assertThat(bob.chatLinesStartingWith(tag)).containsExactly(tag + " before");

        SocketTap.unblock(bob.page);
        bob.awaitReady();
        bob.awaitChatJoins(1);
        assertThat(bob.chatLineSaying(missed.get(2))).isVisible();

        List<String> expected = new ArrayList<>(List.of(tag + " before"));
        expected.addAll(missed);
        Assertions.assertThat(bob.chatLinesStartingWith(tag)).containsExactlyElementsOf(expected);
        Assertions.assertThat(bob.recoveries()).contains("chat true").doesNotContain("chat false");
        assertThat(bob.chatLog()).not().containsText("may be missing");

        alice.say(tag + " after");
        assertThat(bob.chatLineSaying(tag + " after")).isVisible();
        expected.add(tag + " after");
        Assertions.assertThat(bob.chatLinesStartingWith(tag)).containsExactlyElementsOf(expected);
        Assertions.assertThat(alice.chatLinesStartingWith(tag)).containsExactlyElementsOf(expected);
    }

    @Test
    void afterAServerRestartATabThatWasAwayShowsTheNewLinesOnceAndKeepsTheOldOnes() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemoWithSocketTap();
        String tag = tag();
        alice.recordRecoveries();
        bothSeeThenBobGoesAway(alice, bob, tag + " before the restart");
        server.restart();
        alice.awaitReady();
        // alice resumed into the new epoch, failed, and fetched its (empty) history again.
        alice.awaitChatJoins(2);
        List<String> after = List.of(tag + " after the restart 1", tag + " after the restart 2");
        after.forEach(alice::say);
        assertThat(alice.chatLineSaying(after.get(1))).isVisible();

        SocketTap.unblock(bob.page);
        bob.awaitReady();
        // The resume fails (the history it knew is gone) and the page fetches the new one.
        bob.awaitChatJoins(2);
        assertThat(bob.chatLineSaying(after.get(1))).isVisible();

        List<String> expected = new ArrayList<>(List.of(tag + " before the restart"));
        expected.addAll(after);
        Assertions.assertThat(bob.chatLinesStartingWith(tag)).containsExactlyElementsOf(expected);
        Assertions.assertThat(alice.chatLinesStartingWith(tag)).containsExactlyElementsOf(expected);
        Assertions.assertThat(bob.recoveries()).contains("chat false");
        Assertions.assertThat(alice.recoveries()).contains("chat false");
        assertThat(bob.chatLog()).containsText("lines sent while you were away may be missing");

        alice.say(tag + " later");
        assertThat(bob.chatLineSaying(tag + " later")).isVisible();
        expected.add(tag + " later");
        Assertions.assertThat(bob.chatLinesStartingWith(tag)).containsExactlyElementsOf(expected);
    }
}
