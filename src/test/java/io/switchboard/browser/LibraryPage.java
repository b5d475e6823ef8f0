package io.switchboard.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A blank page that imports {@code /switchboard.js} as {@code window.SB}, plus small helpers for
 * tests that evaluate JavaScript: {@code until(cond, ms)}, {@code nextEvent(emitter, name, ms)},
 * {@code FakeClock} (manual timers) and {@code FakeWebSocket} (an in-page server that answers
 * hello, join, leave, publish, set, unset and presence, numbers room messages and keeps their
 * history like the real one, and can refuse or drop connections and forget its history).
 */
final class LibraryPage {

    /** Origin of the offline page; Playwright answers every request to it, nothing goes to the network. */
    static final String OFFLINE_ORIGIN = "http://switchboard.test";

    private static final String PAGE = "/library-test.html";

    private static final String IMPORT = "import * as SB from '/switchboard.js'; window.SB = SB;";

    private static final String HTML = """
            <!doctype html>
            <meta charset="utf-8">
            <title>switchboard.js under test</title>
            <script type="module">%s</script>
            """.formatted(IMPORT);

    private static final int SCRIPT_TIMEOUT_MS = 30_000;

    private static final String HELPERS = """
            window.until = async (cond, ms = 5000) => {
              const end = Date.now() + ms;
              while (!cond()) {
                if (Date.now() > end) throw new Error('timed out after ' + ms + ' ms waiting for ' + cond);
                await new Promise((r) => setTimeout(r, 5));
              }
            };

            window.nextEvent = (emitter, name, ms = 5000) => new Promise((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error('no ' + name + ' event within ' + ms + ' ms')), ms);
              emitter.once(name, (...args) => { clearTimeout(timer); resolve(args); });
            });

            window.FakeClock = class FakeClock {
              constructor() { this.t = 0; this.queue = []; this.seq = 0; }
              now = () => this.t;
              setTimer = (fn, ms) => { const id = ++this.seq; this.queue.push({ id, at: this.t + ms, fn }); return id; };
              clearTimer = (id) => { this.queue = this.queue.filter((x) => x.id !== id); };
              advance(ms) {
                const end = this.t + ms;
                for (;;) {
                  this.queue.sort((a, b) => a.at - b.at || a.id - b.id);
                  const next = this.queue[0];
                  if (!next || next.at > end) break;
                  this.queue.shift();
                  this.t = next.at;
                  next.fn();
                }
                this.t = end;
              }
            };

            window.FakeWebSocket = class FakeWebSocket {
              static instances = [];
              static refuseNext = 0;
              static silent = new Set();
              /** The fake server's rooms: name -> { epoch, offset, log, state, members }. */
              static rooms = new Map();
              static epochs = 0;
              static reset() {
                FakeWebSocket.instances = []; FakeWebSocket.refuseNext = 0; FakeWebSocket.silent = new Set();
                FakeWebSocket.rooms = new Map();
              }
              static last() { return FakeWebSocket.instances[FakeWebSocket.instances.length - 1]; }
              /** Every room loses its history, epoch and state, as when an in-memory server restarts. */
              static forgetHistory() {
                for (const room of FakeWebSocket.rooms.values()) {
                  Object.assign(room, { epoch: 'e' + (++FakeWebSocket.epochs), offset: 0, log: [], state: {} });
                }
              }
              /** Rooms named nohist:* keep no history (no offsets, no epoch), like switchboard.history.exclude. */
              static room(name) {
                let room = FakeWebSocket.rooms.get(name);
                if (!room) {
                  room = { epoch: 'e' + (++FakeWebSocket.epochs), offset: 0, log: [], state: {}, members: new Set() };
                  room.history = !name.startsWith('nohist:');
                  FakeWebSocket.rooms.set(name, room);
                }
                return room;
              }

              constructor(url, protocols) {
                this.url = url;
                this.offered = protocols === undefined ? [] : [].concat(protocols);
                this.protocol = '';
                this.readyState = 0;
                this.bufferedAmount = 0;
                this.sent = [];
                this.client = FakeWebSocket.instances.push(this);
                setTimeout(() => {
                  if (this.readyState !== 0) return;
                  if (FakeWebSocket.refuseNext > 0) {
                    FakeWebSocket.refuseNext--;
                    this.readyState = 3;
                    this.onclose && this.onclose({ code: 1006, reason: '' });
                    return;
                  }
                  this.readyState = 1;
                  this.protocol = this.offered[0] || '';
                  this.onopen && this.onopen({});
                }, 1);
              }

              send(text) {
                if (this.readyState !== 1) throw new Error('send on a socket that is not open');
                const frame = JSON.parse(text);
                this.sent.push(frame);
                if (FakeWebSocket.silent.has(frame.type)) return;
                const replies = FakeWebSocket.replyTo(frame, this);
                setTimeout(() => replies.forEach((r) => this.receive(r)), 1);
              }

              /** Sends a frame to every other open member of a room. */
              static toOthers(room, sender, frame) {
                for (const ws of room.members) {
                  if (ws !== sender) setTimeout(() => ws.receive(frame), 1);
                }
              }

              static replyTo(f, ws) {
                const id = f.id;
                const error = (code) => [{ type: 'error', id, payload: { code, message: code } }];
                const room = typeof f.room === 'string' ? FakeWebSocket.room(f.room) : null;
                switch (f.type) {
                  case 'hello': return [{ type: 'welcome', id, payload: { client: ws.client, rooms: ['lobby'], version: 'fake' } }];
                  case 'join': {
                    if (f.room.includes(' ')) return [{ type: 'error', id, payload: { code: 'bad_room', message: 'bad room name' } }];
                    room.members.add(ws);
                    const payload = { clients: [...room.members].map((m) => m.client).sort((a, b) => a - b) };
                    if (f.events === false) delete payload.clients;
                    let replay = [];
                    if (room.history) {
                      Object.assign(payload, { offset: room.offset, epoch: room.epoch });
                      if (f.since) {
                        const first = room.log.length ? room.log[0].offset : room.offset + 1;
                        payload.recovered = f.since.epoch === room.epoch && f.since.offset >= first - 1 && f.since.offset <= room.offset;
                        if (payload.recovered) replay = room.log.filter((m) => m.offset > f.since.offset);
                      } else if (f.history > 0) {
                        replay = room.log.slice(-f.history);
                      }
                    }
                    payload.state = { ...room.state };
                    return [{ type: 'joined', id, room: f.room, payload }, ...replay];
                  }
                  case 'leave': room.members.delete(ws); return [{ type: 'left', id, room: f.room }];
                  case 'publish': {
                    if (!room.members.has(ws)) return error('not_member');
                    const message = { type: 'message', room: f.room, from: ws.client };
                    if (room.history && !f.volatile) {
                      message.offset = ++room.offset;
                      room.log.push(message);
                    }
                    message.payload = f.payload;
                    FakeWebSocket.toOthers(room, ws, message);
                    const ack = message.offset === undefined ? { type: 'ack', id } : { type: 'ack', id, payload: { offset: message.offset, epoch: room.epoch } };
                    return [message].concat(id === undefined ? [] : [ack]);
                  }
                  case 'set': case 'unset': {
                    if (!room.members.has(ws)) return error('not_member');
                    const value = f.type === 'set' ? f.value : null;
                    if (value === null) delete room.state[f.key];
                    else room.state[f.key] = value;
                    const change = { type: 'state', room: f.room, payload: { [f.key]: value } };
                    FakeWebSocket.toOthers(room, ws, change);
                    return [change].concat(id === undefined ? [] : [{ type: 'ack', id }]);
                  }
                  case 'presence': return [{ type: 'presence', id, room: f.room, payload: { clients: [ws.client] } }];
                  default: return id === undefined ? [] : [{ type: 'ack', id }];
                }
              }

              receive(frame) {
                if (this.readyState === 1) this.onmessage && this.onmessage({ data: JSON.stringify(frame) });
              }

              close(code = 1000, reason = '') {
                if (this.readyState === 3) return;
                this.readyState = 3;
                this.#leaveRooms();
                setTimeout(() => this.onclose && this.onclose({ code, reason }), 1);
              }

              /** The server side goes away. */
              drop(code = 1006) {
                if (this.readyState === 3) return;
                this.readyState = 3;
                this.#leaveRooms();
                this.onclose && this.onclose({ code, reason: 'dropped' });
              }

              #leaveRooms() {
                for (const room of FakeWebSocket.rooms.values()) room.members.delete(this);
              }
            };
            """;

    private LibraryPage() {
    }

    /**
     * Opens the library on a running server and waits for {@code window.SB}. The page is a document
     * the server itself serves: Chromium's local-network-access checks would block a page Playwright
     * made up from opening sockets to 127.0.0.1.
     */
    static Page open(BrowserContext context, String origin) {
        Page page = newPage(context);
        page.navigate(origin + "/switchboard.js");
        page.addScriptTag(new Page.AddScriptTagOptions().setType("module").setContent(IMPORT));
        return awaitLibrary(page);
    }

    private static Page newPage(BrowserContext context) {
        Page page = context.newPage();
        page.addInitScript(HELPERS);
        return page;
    }

    private static Page awaitLibrary(Page page) {
        page.waitForFunction("() => window.SB !== undefined");
        return page;
    }

    /**
     * Runs an async arrow function's source in the page and returns its result, failing after
     * {@code SCRIPT_TIMEOUT_MS} instead of waiting forever for a promise that never settles.
     */
    static Object run(Page page, String asyncArrowFunction) {
        return page.evaluate("""
                ([source, ms]) => Promise.race([
                  (0, eval)('(' + source + ')')(),
                  new Promise((_, reject) => setTimeout(() => reject(new Error('script still running after ' + ms + ' ms')), ms)),
                ])
                """, List.of(asyncArrowFunction, SCRIPT_TIMEOUT_MS));
    }

    /** Opens the test page with no server: Playwright serves it and the library from the build output. */
    static Page openOffline(BrowserContext context) {
        String library = library();
        context.route(OFFLINE_ORIGIN + "/**", route -> {
            switch (URI.create(route.request().url()).getPath()) {
                case PAGE -> fulfill(route, "text/html", HTML);
                case "/switchboard.js" -> fulfill(route, "text/javascript", library);
                default -> route.fulfill(new Route.FulfillOptions().setStatus(404));
            }
        });
        Page page = newPage(context);
        page.navigate(OFFLINE_ORIGIN + PAGE);
        return awaitLibrary(page);
    }

    /** The JavaScript array {@code page.evaluate} returned, as a list. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object evaluated) {
        return (List<Object>) evaluated;
    }

    private static void fulfill(Route route, String contentType, String body) {
        route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType(contentType).setBody(body));
    }

    /** The library as packaged (target/classes), or from the sources before a build. */
    private static String library() {
        Path packaged = Path.of("target", "classes", "META-INF", "resources", "switchboard.js");
        Path source = Path.of("src", "main", "resources", "META-INF", "resources", "switchboard.js");
        try {
            return Files.readString(Files.exists(packaged) ? packaged : source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
