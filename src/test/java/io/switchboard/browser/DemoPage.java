package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocket;
import com.microsoft.playwright.options.BoundingBox;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The demo page at {@code /}, seen through the element ids it promises. */
final class DemoPage {

    /** Rooms the page joins on load. */
    static final List<String> ROOMS = List.of("chat", "lamp", "xy", "server-time", "ticker");

    /** Lines the chat shows to a tab that opens late. */
    static final int CHAT_HISTORY = 50;

    final Page page;

    /** Text frames of the page's hub connections (path {@code /}), as the browser sent and received them. */
    private final List<String> sent = new ArrayList<>();
    private final List<String> received = new ArrayList<>();

    private DemoPage(Page page) {
        this.page = page;
        page.onWebSocket(this::record);
    }

    /** Opens {@code url} in a new tab of {@code context} and waits until connected, in every room, with the bang socket open. */
    static DemoPage open(BrowserContext context, String url) {
        DemoPage demo = new DemoPage(context.newPage());
        demo.page.navigate(url);
        demo.awaitReady();
        return demo;
    }

    private void record(WebSocket socket) {
        if (!"/".equals(URI.create(socket.url()).getPath())) {
            return;
        }
        socket.onFrameSent(frame -> sent.add(frame.text()));
        socket.onFrameReceived(frame -> received.add(frame.text()));
    }

    /** Frames this page sent on its hub connections so far, oldest first. */
    List<String> sentFrames() {
        return List.copyOf(sent);
    }

    /** Frames this page received on its hub connections so far, oldest first. */
    List<String> receivedFrames() {
        return List.copyOf(received);
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

    /** The texts of the chat lines (not system lines) from top to bottom. */
    List<String> chatLines() {
        return chatLog().locator(".line:not(.system) .text").allTextContents();
    }

    /** The chat lines that start with {@code prefix}, from top to bottom. */
    List<String> chatLinesStartingWith(String prefix) {
        return chatLines().stream().filter(line -> line.startsWith(prefix)).toList();
    }

    /**
     * From now on, records each {@code recovered} report of the page's connection as
     * {@code "<room> <ok>"} and counts the chat's {@code joined} replies (see {@link #recoveries()}).
     */
    void recordRecoveries() {
        page.evaluate("""
                () => {
                  window.recoveries = [];
                  window.chatJoins = 0;
                  window.switchboard.on('recovered', (room, ok) => window.recoveries.push(room + ' ' + ok));
                  window.switchboard.room('chat').on('joined', () => window.chatJoins++);
                }
                """);
    }

    /** What {@link #recordRecoveries()} has recorded, in order. */
    List<String> recoveries() {
        return LibraryPage.list(page.evaluate("() => window.recoveries")).stream().map(String::valueOf).toList();
    }

    /** Waits until the chat has answered {@code count} joins since {@link #recordRecoveries()}. */
    void awaitChatJoins(int count) {
        page.waitForFunction("n => window.chatJoins >= n", count);
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

    /** A control of the shared lamp: {@code color}, {@code brightness} or {@code size}. */
    Locator lampControl(String key) {
        return page.locator("#lamp-" + key);
    }

    /** Sets a lamp control as a user would (Playwright fires {@code input} and {@code change}). */
    void setLamp(String key, String value) {
        lampControl(key).fill(value);
    }

    /** The lamp as drawn: {@code data-color}, {@code data-brightness}, {@code data-size}. */
    Locator lamp() {
        return page.locator("#lamp");
    }

    void close() {
        page.close();
    }
}
