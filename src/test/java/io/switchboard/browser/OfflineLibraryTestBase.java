package io.switchboard.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * switchboard.js in Chromium with no server: one browser per test class, a fresh offline
 * {@link LibraryPage} (fake clocks, the in-page {@code FakeWebSocket} server) per test.
 */
abstract class OfflineLibraryTestBase {

    private static Chromium chromium;
    private BrowserContext context;
    Page page;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void shutdown() {
        if (chromium != null) {
            chromium.close();
        }
        chromium = null;
    }

    @BeforeEach
    void openPage() {
        context = chromium.newContext();
        page = LibraryPage.openOffline(context);
    }

    @AfterEach
    void closePage() {
        context.close();
    }
}
