package io.switchboard.browser;

import static io.switchboard.browser.LibraryPage.list;
import static io.switchboard.browser.LibraryPage.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * switchboard.js without a server: backoff, request bookkeeping, conflation and the reconnect
 * state machine, run in Chromium against fake clocks and an in-page fake WebSocket.
 */
class ClientLibraryLogicIT extends OfflineLibraryTestBase {

    @Test
    @SuppressWarnings("unchecked")
    void backoffWindowDoublesFromMinToMaxWithFullJitter() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                () => {
                  const top = new SB.Backoff({ minDelay: 100, maxDelay: 1000, random: () => 0.9999 });
                  const bottom = new SB.Backoff({ minDelay: 100, maxDelay: 1000, random: () => 0 });
                  const real = new SB.Backoff();
                  const samples = Array.from({ length: 2000 }, () => real.next());
                  return {
                    top: Array.from({ length: 7 }, () => top.next()),
                    bottom: Array.from({ length: 7 }, () => bottom.next()),
                    ceilings: [0, 1, 2, 3, 4, 5, 6, 60].map((a) => real.ceiling(a)),
                    sampleMax: Math.max(...samples),
                    sampleMin: Math.min(...samples),
                    defaults: [SB.DEFAULTS.minDelay, SB.DEFAULTS.maxDelay, SB.DEFAULTS.factor],
                  };
                }
                """);

        assertThat((List<Object>) r.get("top")).containsExactly(99, 199, 399, 799, 999, 999, 999);
        assertThat((List<Object>) r.get("bottom")).containsOnly(0);
        assertThat((List<Object>) r.get("ceilings")).containsExactly(250, 500, 1000, 2000, 4000, 8000, 10000, 10000);
        assertThat(((Number) r.get("sampleMax")).intValue()).isBetween(5000, 9999);
        assertThat(((Number) r.get("sampleMin")).intValue()).isBetween(0, 100);
        assertThat((List<Object>) r.get("defaults")).containsExactly(250, 10000, 2);
    }

    @Test
    void backoffStartsOverAfterResetAndRejectsNonsense() {
        Object r = run(page, """
                () => {
                  const b = new SB.Backoff({ minDelay: 100, maxDelay: 1000, random: () => 0.9999 });
                  b.next(); b.next(); b.next();
                  const before = b.attempt;
                  b.reset();
                  const errors = [{ minDelay: 0 }, { minDelay: 100, maxDelay: 50 }, { factor: 0.5 }].map((o) => {
                    try { new SB.Backoff(o); return 'accepted'; } catch (e) { return e.name; }
                  });
                  return [before, b.attempt, b.next(), ...errors];
                }
                """);

        assertThat(list(r)).containsExactly(3, 0, 99, "RangeError", "RangeError", "RangeError");
    }

    @Test
    @SuppressWarnings("unchecked")
    void requestsMatchRepliesByIdRejectErrorsWithTheirCodeAndTimeOut() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                async () => {
                  const requests = new SB.Requests({ timeout: 50 });
                  const a = requests.open('publish');
                  const b = requests.open('join');
                  const c = requests.open('presence');
                  const settledAck = requests.settle({ type: 'ack', id: a.id });
                  // a string echo of a numeric id still matches
                  requests.settle({ type: 'error', id: String(b.id), payload: { code: 'not_member', message: 'join first' } });
                  const ack = await a.promise;
                  const error = await b.promise.catch((e) => e);
                  const timeout = await c.promise.catch((e) => e);
                  return {
                    ids: [a.id, b.id, c.id],
                    settledAck,
                    ackType: ack.type,
                    error: [error instanceof Error, error.name, error.code, error.message],
                    timeout: [timeout.code, timeout.message],
                    unknown: requests.settle({ type: 'ack', id: 999 }),
                    noId: requests.settle({ type: 'message' }),
                    pending: requests.size,
                  };
                }
                """);

        assertThat((List<Object>) r.get("ids")).containsExactly(1, 2, 3);
        assertThat(r.get("settledAck")).isEqualTo(true);
        assertThat(r.get("ackType")).isEqualTo("ack");
        assertThat((List<Object>) r.get("error")).containsExactly(true, "SwitchboardError", "not_member", "join first");
        assertThat((List<Object>) r.get("timeout")).containsExactly("timeout", "presence got no reply within 50 ms");
        assertThat(r.get("unknown")).isEqualTo(false);
        assertThat(r.get("noId")).isEqualTo(false);
        assertThat(r.get("pending")).isEqualTo(0);
    }

    @Test
    void aLostConnectionFailsOnlyRequestsAlreadySent() {
        Object r = run(page, """
                async () => {
                  const requests = new SB.Requests({ timeout: 5000 });
                  const sent = requests.open('publish');
                  const queued = requests.open('publish');
                  requests.markSent(sent.id);
                  requests.failSent('disconnected', 'lost');
                  const error = await sent.promise.catch((e) => e.code);
                  const stillPending = requests.has(queued.id);
                  requests.settle({ type: 'ack', id: queued.id });
                  return [error, stillPending, (await queued.promise).type, requests.size];
                }
                """);

        assertThat(list(r)).containsExactly("disconnected", true, "ack", 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void conflatorSendsOnlyTheLatestValueAtMostOncePerIntervalAndWaitsWhileBusy() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                () => {
                  const clock = new FakeClock();
                  const sent = [];
                  let busy = false;
                  const c = new SB.Conflator({
                    interval: 33, busy: () => busy, send: (v) => sent.push([clock.t, v]),
                    now: clock.now, setTimer: clock.setTimer, clearTimer: clock.clearTimer,
                  });
                  c.push(1); clock.advance(0);
                  c.push(2); c.push(3); clock.advance(33);
                  busy = true; c.push(4); c.push(5); clock.advance(100);
                  const whileBusy = sent.length;
                  busy = false; clock.advance(33);
                  const head = sent.slice();
                  for (let i = 0; i < 100; i++) { c.push(100 + i); clock.advance(5); }
                  clock.advance(100);
                  const burst = sent.slice(head.length);
                  const gaps = burst.slice(1).map((s, i) => s[0] - burst[i][0]);
                  return { head, whileBusy, burstCount: burst.length, minGap: Math.min(...gaps), last: burst[burst.length - 1][1] };
                }
                """);

        assertThat((List<Object>) r.get("head")).containsExactly(List.of(0, 1), List.of(33, 3), List.of(165, 5));
        assertThat(r.get("whileBusy")).isEqualTo(2);
        assertThat(((Number) r.get("burstCount")).intValue()).isBetween(14, 17);
        assertThat(((Number) r.get("minGap")).intValue()).isGreaterThanOrEqualTo(33);
        assertThat(r.get("last")).isEqualTo(199);
    }

    @Test
    @SuppressWarnings("unchecked")
    void reconnectsWithBackoffRejoinsRoomsAndSendsQueuedRequestsAfterwards() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                async () => {
                  FakeWebSocket.reset();
                  const sb = new SB.Switchboard('ws://fake/', { WebSocket: FakeWebSocket, minDelay: 5, maxDelay: 20 });
                  const statuses = [];
                  const retries = [];
                  sb.on('status', (s) => statuses.push(s));
                  sb.on('retry', (d) => retries.push(d.attempt));
                  sb.open();
                  await sb.join('chat');
                  const firstId = sb.id;
                  const joinedAgain = nextEvent(sb.room('chat'), 'joined');

                  const inFlight = sb.publish('chat', 'in flight');
                  FakeWebSocket.refuseNext = 2;
                  FakeWebSocket.last().drop(1006);
                  const lost = await inFlight.catch((e) => e.code);
                  const queued = sb.publish('chat', 'queued');
                  const statusWhileDown = sb.status;

                  await queued;
                  await joinedAgain;
                  const last = FakeWebSocket.last();
                  return {
                    statuses, retries, lost, statusWhileDown,
                    firstId, secondId: sb.id,
                    sockets: FakeWebSocket.instances.length,
                    sentAfterReconnect: last.sent.map((f) => f.type + ':' + (f.room || '') + ':' + (f.payload || '')),
                    rooms: sb.rooms, joined: sb.room('chat').joined,
                  };
                }
                """);

        assertThat((List<Object>) r.get("statuses")).containsExactly("connecting", "connected", "reconnecting", "connected");
        assertThat((List<Object>) r.get("retries")).containsExactly(1, 2, 3);
        assertThat(r.get("lost")).isEqualTo("disconnected");
        assertThat(r.get("statusWhileDown")).isEqualTo("reconnecting");
        assertThat(r.get("firstId")).isEqualTo(1);
        assertThat(r.get("secondId")).isEqualTo(4);
        assertThat(r.get("sockets")).isEqualTo(4);
        assertThat((List<Object>) r.get("sentAfterReconnect")).containsExactly("hello::", "join:chat:", "publish:chat:queued");
        assertThat((List<Object>) r.get("rooms")).containsExactly("chat");
        assertThat(r.get("joined")).isEqualTo(true);
    }

    @Test
    void terminalCloseCodesStopReconnectingAndOthersDoNot() {
        Object r = run(page, """
                async () => {
                  FakeWebSocket.reset();
                  const sb = SB.Switchboard.connect('ws://fake/', { WebSocket: FakeWebSocket, minDelay: 5, maxDelay: 20 });
                  await sb.connected();
                  FakeWebSocket.last().drop(4001);
                  await until(() => FakeWebSocket.instances.length === 2 && sb.status === 'connected');
                  const closed = nextEvent(sb, 'status');
                  FakeWebSocket.last().drop(4501);
                  const [status, detail] = await closed;
                  const wait = Date.now() + 100;
                  await until(() => Date.now() > wait);
                  return [status, detail.code, FakeWebSocket.instances.length, sb.status];
                }
                """);

        assertThat(list(r)).containsExactly("disconnected", 4501, 2, "disconnected");
    }

    @Test
    void requestsRejectWithTheServerCodeOrATimeoutAndFailedJoinsAreForgotten() {
        Object r = run(page, """
                async () => {
                  FakeWebSocket.reset();
                  FakeWebSocket.silent.add('presence');
                  const sb = SB.Switchboard.connect('ws://fake/', { WebSocket: FakeWebSocket, requestTimeout: 500 });
                  const badRoom = await sb.join('no spaces allowed').catch((e) => e.code);
                  const silent = await sb.presence('chat').catch((e) => e.code);
                  await sb.join('chat');
                  await sb.leave('chat');
                  const closed = sb.publish('chat', 'never');
                  sb.close();
                  return [badRoom, silent, sb.rooms.length, await closed.catch((e) => e.code), sb.status];
                }
                """);

        assertThat(list(r)).containsExactly("bad_room", "timeout", 0, "closed", "disconnected");
    }

    @Test
    @SuppressWarnings("unchecked")
    void retryAttemptsCountFromOneAndDrawFromTheDocumentedWindows() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                async () => {
                  FakeWebSocket.reset();
                  // attempt n waits in [0, min(maxDelay, minDelay * factor^(n-1))): the top of each window
                  const backoff = new SB.Backoff({ minDelay: 10, maxDelay: 40, random: () => 0.9999 });
                  const sb = new SB.Switchboard('ws://fake/', { WebSocket: FakeWebSocket, backoff });
                  const retries = [];
                  const reconnecting = [];
                  sb.on('retry', (d) => retries.push([d.attempt, d.delay]));
                  sb.on('status', (s, d) => { if (s === 'reconnecting') reconnecting.push(d.attempt); });
                  FakeWebSocket.refuseNext = 4;
                  sb.open();
                  await sb.connected();
                  sb.close();
                  return { retries, reconnecting };
                }
                """);

        assertThat((List<Object>) r.get("retries"))
                .containsExactly(List.of(1, 9), List.of(2, 19), List.of(3, 39), List.of(4, 39));
        assertThat((List<Object>) r.get("reconnecting")).containsExactly(1);
    }

    @Test
    void closeThenOpenStartsAgainAsConnectingWithAFreshBackoff() {
        Object r = run(page, """
                async () => {
                  FakeWebSocket.reset();
                  const sb = new SB.Switchboard('ws://fake/', { WebSocket: FakeWebSocket, minDelay: 5, maxDelay: 20 });
                  FakeWebSocket.refuseNext = 2;
                  sb.open();
                  await sb.connected();
                  const attemptsBefore = sb.backoff.attempt;
                  sb.close();
                  const statuses = [];
                  sb.on('status', (s) => statuses.push(s));
                  sb.open();
                  const statusAtOnce = sb.status;
                  const attemptsAfterOpen = sb.backoff.attempt;
                  await sb.connected();
                  sb.close();
                  return [attemptsBefore, statusAtOnce, attemptsAfterOpen, ...statuses];
                }
                """);

        assertThat(list(r)).containsExactly(2, "connecting", 0, "connecting", "connected", "disconnected");
    }

    @Test
    void connectedComesAfterTheWantedRoomsHaveAnsweredTheirJoins() {
        Object r = run(page, """
                async () => {
                  FakeWebSocket.reset();
                  const sb = new SB.Switchboard('ws://fake/', { WebSocket: FakeWebSocket, minDelay: 5, maxDelay: 20 });
                  const events = [];
                  sb.on('welcome', () => events.push('welcome'));
                  sb.on('status', (s) => events.push(s));
                  for (const name of ['a', 'b']) sb.room(name).on('joined', () => events.push('joined ' + name));
                  sb.join('a');
                  sb.join('b');
                  sb.open();
                  await sb.connected();
                  const first = [sb.room('a').joined, sb.room('b').joined];
                  events.push('|');

                  FakeWebSocket.last().drop(1006);
                  await sb.connected();
                  const again = [sb.room('a').joined, sb.room('b').joined];
                  sb.close();
                  return { events, first, again };
                }
                """);

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) r;
        assertThat((List<Object>) result.get("first")).containsExactly(true, true);
        assertThat((List<Object>) result.get("again")).containsExactly(true, true);
        assertThat((List<Object>) result.get("events")).containsExactly(
                "connecting", "welcome", "joined a", "joined b", "connected", "|",
                "reconnecting", "welcome", "joined a", "joined b", "connected", "disconnected");
    }

    @Test
    void rawRefusesNamesOutsideTheRoomRulesAndDotNames() {
        Object r = run(page, """
                () => {
                  FakeWebSocket.reset();
                  const refused = ['.', '..', 'a b', '', 'x'.repeat(65), 'a/b', 42].map((name) => {
                    try { SB.Switchboard.raw(name, { WebSocket: FakeWebSocket }); return 'accepted ' + name; }
                    catch (e) { return e instanceof SB.SwitchboardError ? e.code + ': ' + e.message : String(e); }
                  });
                  const ok = SB.Switchboard.raw('a.b', { WebSocket: FakeWebSocket });
                  ok.close();
                  return [...refused, FakeWebSocket.instances.length, FakeWebSocket.last().url];
                }
                """);

        List<Object> results = list(r);
        assertThat(results.subList(0, 2)).allSatisfy(
                message -> assertThat((String) message).startsWith("bad_room: ").contains("browsers resolve /raw/"));
        assertThat(results.subList(2, 7)).allSatisfy(
                message -> assertThat((String) message).startsWith("bad_room: bad raw room name"));
        assertThat(results.subList(7, 9)).containsExactly(1, "ws://switchboard.test/raw/a.b");
    }

    @Test
    void theDefaultUrlFollowsThePageScheme() {
        Object r = run(page, """
                () => [
                  SB.defaultUrl('/', { protocol: 'https:', host: 'example.org' }),
                  SB.defaultUrl('/raw/bang', { protocol: 'http:', host: 'localhost:8080' }),
                  SB.defaultUrl(),
                ]
                """);

        assertThat(list(r)).containsExactly("wss://example.org/", "ws://localhost:8080/raw/bang", "ws://switchboard.test/");
    }
}
