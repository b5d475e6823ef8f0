package io.switchboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import io.switchboard.testing.Tokens;
import io.switchboard.testing.WsClient;

/**
 * The packaged server with tokens required: the browser library authenticates with
 * {@code getToken()}, refreshes its short-lived token in place on {@code token:expiring} (no
 * reconnect), and on SIGTERM every client is closed with 1012 "service restart"; the browser
 * client reconnects to the restarted server and authenticates again.
 */
class GracefulShutdownIT {
    private static Chromium chromium;
    private static ServerProcess server;

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
        server = ServerProcess.start("-Dswitchboard.auth.mode=required", "-Dswitchboard.auth.hmac-secret=" + Tokens.SECRET,
                "-Dswitchboard.auth.refresh-ahead=3s", "-Dmp.jwt.verify.clock.skew=0", "-Dswitchboard.shutdown.grace=5s");
    }

    @AfterAll
    static void stop() {
        BrowserTestBase.close(server, chromium);
    }

    @Test
    void clientsAreClosedWith1012AndTheBrowserClientReconnectsAndReauthenticates() {
        BrowserContext context = chromium.newContext();
        try {
            Page page = context.newPage();
            page.exposeFunction("mintToken", args -> Tokens.forUser("pat").expiresIn(Duration.ofSeconds(6)).sign());
            page.navigate(server.url("/switchboard.js"));
            page.evaluate("""
                    async () => {
                      const Native = window.WebSocket;
                      window.closeCodes = [];
                      window.WebSocket = class extends Native {
                        constructor(...args) {
                          super(...args);
                          this.addEventListener('close', (e) => window.closeCodes.push(e.code));
                        }
                      };
                      const SB = await import('/switchboard.js');
                      window.auths = []; window.welcomes = 0;
                      const sb = new SB.Switchboard(undefined, { getToken: () => window.mintToken(), minDelay: 100, maxDelay: 1000 });
                      sb.on('authenticated', (p) => window.auths.push(p.user));
                      sb.on('welcome', () => window.welcomes++);
                      window.sb = sb;
                      sb.open();
                      await sb.connected();
                    }""");
            assertThat(page.evaluate("() => window.sb.server.user")).isEqualTo("pat");

            // The 6 s token is refreshed in place about 3 s before it expires: no new socket, no new welcome.
            page.waitForFunction("() => window.auths.length >= 2", null, new Page.WaitForFunctionOptions().setTimeout(15_000));
            page.waitForTimeout(4_000);
            assertThat(page.evaluate("() => window.welcomes")).isEqualTo(1);
            assertThat((List<?>) page.evaluate("() => window.closeCodes")).isEmpty();

            String token = Tokens.forUser("server-side").sign();
            try (WsClient jdk = WsClient.open(URI.create(server.url("/")), "/", Map.of("Authorization", "Bearer " + token))) {
                jdk.hello();
                server.stop();
                assertThat(jdk.closeCode()).isEqualTo(1012);
            }
            page.waitForFunction("() => window.closeCodes.length >= 1");
            assertThat((List<?>) page.evaluate("() => window.closeCodes")).first().isEqualTo(1012);

            server.restart();
            page.waitForFunction("() => window.welcomes >= 2 && window.sb.status === 'connected'", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            assertThat(page.evaluate("() => window.sb.server.user")).isEqualTo("pat");
        } finally {
            context.close();
        }
    }
}
