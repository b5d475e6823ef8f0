package io.switchboard.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

/**
 * Puts a thin subclass in place of the page's {@code WebSocket} (an init script, so it is there
 * before any page script runs) that lets a test take the network away from the hub connection:
 * {@code socketTap.block()} closes the open sockets to {@code /} and fails every new one at once
 * until {@code socketTap.unblock()}, as a phone in a tunnel would. Sockets to other paths
 * ({@code /raw/...}) are left alone. The sockets stay real: frames go over the network unchanged.
 */
final class SocketTap {

    static final String SCRIPT = """
            (() => {
              const Native = window.WebSocket;
              const isHub = (url) => new URL(url, location.href).pathname === '/';
              const tap = { blocked: false, sockets: [], refused: 0 };
              class TappedWebSocket extends Native {
                constructor(url, protocols) {
                  super(url, protocols);
                  tap.sockets.push(this);
                  // Closing a socket that is still connecting fails it: error, then close with 1006.
                  if (tap.blocked && isHub(url)) { tap.refused++; this.close(); }
                }
              }
              tap.block = () => {
                tap.blocked = true;
                for (const s of tap.sockets) if (s.readyState <= 1 && isHub(s.url)) s.close();
              };
              tap.unblock = () => { tap.blocked = false; };
              window.socketTap = tap;
              window.WebSocket = TappedWebSocket;
            })();
            """;

    private SocketTap() {
    }

    /** Installs the tap in every page the context opens from now on. */
    static void install(BrowserContext context) {
        context.addInitScript(SCRIPT);
    }

    /** Closes the page's hub sockets and refuses new ones. */
    static void block(Page page) {
        page.evaluate("() => window.socketTap.block()");
    }

    /** Lets the page's next attempt through. */
    static void unblock(Page page) {
        page.evaluate("() => window.socketTap.unblock()");
    }
}
