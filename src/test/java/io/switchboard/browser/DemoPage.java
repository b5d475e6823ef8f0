package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.util.List;
import java.util.regex.Pattern;

/** The demo page at {@code /}, seen through the element ids it promises. */
final class DemoPage {

    /** Rooms the page joins on load. */
    static final List<String> ROOMS = List.of("chat", "xy", "server-time", "ticker");

    final Page page;

    private DemoPage(Page page) {
        this.page = page;
    }

    /** Opens {@code url} in a new tab of {@code context} and waits until connected, in every room, with the bang socket open. */
    static DemoPage open(BrowserContext context, String url) {
        DemoPage demo = new DemoPage(context.newPage());
        demo.page.navigate(url);
        demo.awaitReady();
        return demo;
    }

    /** Waits for {@code connected}, the four rooms joined and the bang pad usable. */
    void awaitReady() {
        assertThat(status()).hasText("connected");
        page.waitForFunction("rooms => window.switchboard.id !== null"
                + " && rooms.every(r => window.switchboard.room(r).joined)", ROOMS);
        assertThat(page.locator("#bang-button")).isEnabled();
    }

    Locator status() {
        return page.locator("#status");
    }

    /** This page's client id, as shown in {@code #me}. */
    int clientId() {
        assertThat(page.locator("#me")).hasAttribute("data-client", Pattern.compile("\\d+"));
        return Integer.parseInt(page.locator("#me").getAttribute("data-client"));
    }

    /** Types a chat line and presses Enter. */
    void say(String text) {
        page.locator("#chat-input").fill(text);
        page.locator("#chat-input").press("Enter");
    }

    Locator chatLog() {
        return page.locator("#chat-log");
    }

    /** The chat line (not a system line) whose text is exactly {@code text}. */
    Locator chatLineSaying(String text) {
        return chatLog().locator(".line:not(.system)")
                .filter(new Locator.FilterOptions().setHas(
                        page.locator(".text").getByText(text, new Locator.GetByTextOptions().setExact(true))));
    }

    /** The presence entry for a client in the chat room. */
    Locator presenceOf(int client) {
        return page.locator("#presence li[data-client='" + client + "']");
    }

    Locator clock() {
        return page.locator("#clock");
    }

    Locator bangCount() {
        return page.locator("#bang-count");
    }

    void bang() {
        page.locator("#bang-button").click();
    }

    /** Moves the mouse over the XY pad to the relative position (x, y), both in 0..1. */
    void moveOnXyPad(double x, double y) {
        BoundingBox box = page.locator("#xy-pad").boundingBox();
        page.mouse().move(box.x + x * box.width, box.y + y * box.height, new Mouse.MoveOptions().setSteps(4));
    }

    /** The live cursor another client drives on this page's XY pad. */
    Locator cursorOf(int client) {
        return page.locator("#xy-pad .cursor[data-client='" + client + "']");
    }

    void close() {
        page.close();
    }
}
