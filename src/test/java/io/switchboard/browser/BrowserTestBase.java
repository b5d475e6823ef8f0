package io.switchboard.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One packaged server and one Chromium per test class; every page a test opens lives in its
 * own browser context (as a separate user would) and is closed after the test.
 */
abstract class BrowserTestBase {

    /** Query string for demo pages: a short backoff cap keeps restart tests quick. */
    static final String FAST_RECONNECT = "?maxDelay=2000";

    static Chromium chromium;
    static ServerProcess server;

    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static void startServerAndBrowser() {
        chromium = Chromium.launch();
        server = ServerProcess.start();
    }

    @AfterAll
    static void stopServerAndBrowser() {
        try {
            close(server, chromium);
        } finally {
            server = null;
            chromium = null;
        }
    }

    /** Stops {@code server}, then {@code chromium}, whichever of them started (null: not started). */
    static void close(ServerProcess server, Chromium chromium) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (chromium != null) {
                chromium.close();
            }
        }
    }

    @AfterEach
    void closePages() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    /** Opens the demo page as a new user and waits until it is connected and in every room. */
    DemoPage openDemo() {
        return DemoPage.open(newContext(), server.url("/" + FAST_RECONNECT));
    }

    /** Opens the demo page as a new user whose network the test can take away ({@link SocketTap}). */
    DemoPage openDemoWithSocketTap() {
        BrowserContext context = newContext();
        SocketTap.install(context);
        return DemoPage.open(context, server.url("/" + FAST_RECONNECT));
    }

    /** A browser context closed after the test. */
    BrowserContext newContext() {
        return track(chromium.newContext());
    }

    /** A browser context with the given options (a phone, say), closed after the test. */
    BrowserContext newContext(Browser.NewContextOptions options) {
        return track(chromium.newContext(options));
    }

    private BrowserContext track(BrowserContext context) {
        contexts.add(context);
        return context;
    }
}
