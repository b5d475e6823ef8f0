package io.switchboard.browser;

import static io.switchboard.browser.LibraryPage.list;
import static io.switchboard.browser.LibraryPage.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * switchboard.js without a server: resume bookkeeping (each room's epoch and offset, {@code since}
 * after a reconnect, {@code recovered}), dropping messages that come twice, join options, room
 * state and volatile publishing, against the in-page {@code FakeWebSocket} server.
 */
class ClientLibraryResumeLogicIT extends OfflineLibraryTestBase {

    /** Two clients on the fake server; {@code sb} is the first, {@code socketOf(sb)} its socket. */
    private static final String TWO_CLIENTS = """
            FakeWebSocket.reset();
            const options = { WebSocket: FakeWebSocket, minDelay: 5, maxDelay: 20 };
            const sb = SB.Switchboard.connect('ws://fake/', options);
            const other = SB.Switchboard.connect('ws://fake/', options);
            await Promise.all([sb.connected(), other.connected()]);
            const socketOf = (client) => FakeWebSocket.instances.find((ws) => ws.client === client.id && ws.readyState === 1);
            const pause = (ms) => new Promise((r) => setTimeout(r, ms));
            /** Drops sb's socket and keeps it down while `whileDown` runs, then lets it reconnect. */
            const outage = async (whileDown) => {
              FakeWebSocket.refuseNext = 1000;
              socketOf(sb).drop(1006);
              await whileDown();
              FakeWebSocket.refuseNext = 0;
              await until(() => sb.status === 'connected', 5000);
            };
            """;

    private static Map<String, Object> runWithTwoClients(Page page, String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) run(page, "async () => {\n" + TWO_CLIENTS + body + "\n}");
        return r;
    }

    @Test
    @SuppressWarnings("unchecked")
    void afterAReconnectEachRoomIsJoinedWithSinceItsOwnEpochAndLastOffsetAndReportsRecovered() {
        Map<String, Object> r = runWithTwoClients(page, """
                const rooms = ['a', 'b', 'nohist:c'];
                const seen = [];
                for (const name of rooms) sb.room(name).on('message', (p, f) => seen.push(`${name} ${f.offset} ${p}`));
                const recovered = [];
                sb.on('recovered', (room, ok, reply) => recovered.push(`${room} ${ok} ${reply.type}`));
                const roomEvents = [];
                sb.room('a').on('recovered', (ok) => roomEvents.push(ok));
                for (const name of rooms) { await sb.join(name); await other.join(name); }
                const firstJoins = socketOf(sb).sent.filter((f) => f.type === 'join').map((f) => 'since' in f);
                for (const [room, text] of [['a', 'a1'], ['a', 'a2'], ['b', 'b1'], ['nohist:c', 'c1']]) await other.publish(room, text);
                await until(() => seen.length === 4);
                const before = rooms.map((name) => sb.room(name).position());

                await outage(async () => {
                  for (const [room, text] of [['a', 'a3'], ['b', 'b2'], ['nohist:c', 'c2']]) await other.publish(room, text);
                });
                await until(() => seen.length === 6);
                await pause(50);

                const epochs = Object.fromEntries(rooms.map((name) => [name, FakeWebSocket.rooms.get(name).epoch]));
                return {
                  firstJoins, before, epochs, seen, recovered, roomEvents,
                  rejoins: socketOf(sb).sent.filter((f) => f.type === 'join').map((f) => [f.room, f.since || null]),
                  after: rooms.map((name) => sb.room(name).position()),
                };
                """);

        Map<String, Object> epochs = (Map<String, Object>) r.get("epochs");
        assertThat((List<Object>) r.get("firstJoins")).containsOnly(false);
        assertThat((List<Object>) r.get("before")).containsExactly(
                Map.of("offset", 2, "epoch", epochs.get("a")), Map.of("offset", 1, "epoch", epochs.get("b")), null);
        assertThat((List<Object>) r.get("rejoins")).containsExactly(
                List.of("a", Map.of("offset", 2, "epoch", epochs.get("a"))),
                List.of("b", Map.of("offset", 1, "epoch", epochs.get("b"))),
                Arrays.asList("nohist:c", null));
        // The missed messages of the rooms that keep history, once each, after what was seen before.
        assertThat((List<Object>) r.get("seen")).containsExactly(
                "a 1 a1", "a 2 a2", "b 1 b1", "nohist:c undefined c1", "a 3 a3", "b 2 b2");
        assertThat((List<Object>) r.get("recovered")).containsExactly("a true joined", "b true joined");
        assertThat((List<Object>) r.get("roomEvents")).containsExactly(true);
        assertThat((List<Object>) r.get("after")).containsExactly(
                Map.of("offset", 3, "epoch", epochs.get("a")), Map.of("offset", 2, "epoch", epochs.get("b")), null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMessageThatComesAgainIsDroppedButAnOlderOneFetchedWithHistoryIsPassedOn() {
        Map<String, Object> r = runWithTwoClients(page, """
                const seen = { sb: [], late: [] };
                sb.room('a').on('message', (p) => seen.sb.push(p));
                await sb.join('a');
                await other.join('a');
                for (const text of ['a1', 'a2']) await other.publish('a', text);
                await until(() => seen.sb.length === 2);

                // A live message again (as after a resume of a room it is in), then the whole history again.
                socketOf(sb).receive({ type: 'message', room: 'a', from: 9, offset: 2, payload: 'a2 again' });
                await sb.join('a', { history: 10 });
                const epoch = sb.room('a').epoch;
                const resumed = await sb.join('a', { since: { offset: 0, epoch } });
                await pause(20);

                // A client that joined after a1..a3 without history fetches them, once, however often it asks.
                await other.publish('a', 'a3');
                const late = SB.Switchboard.connect('ws://fake/', options);
                late.room('a').on('message', (p) => seen.late.push(p));
                await late.join('a');
                const lateBefore = late.room('a').position();
                await late.join('a', { history: 10 });
                await late.join('a', { history: 10 });
                await other.publish('a', 'a4');
                await until(() => seen.late.length === 4 && seen.sb.length === 4);
                await pause(20);
                return {
                  seen, lateBefore, recovered: resumed.payload.recovered,
                  duplicates: [sb.room('a').duplicates, late.room('a').duplicates],
                  positions: [sb.room('a').position().offset, late.room('a').position().offset],
                };
                """);

        Map<String, Object> seen = (Map<String, Object>) r.get("seen");
        assertThat((List<Object>) seen.get("sb")).containsExactly("a1", "a2", "a3", "a4");
        assertThat((List<Object>) seen.get("late")).containsExactly("a1", "a2", "a3", "a4");
        assertThat((Map<String, Object>) r.get("lateBefore")).containsEntry("offset", 3);
        assertThat(r.get("recovered")).isEqualTo(true);
        // sb: the injected copy, the history of two, the resumed replay of two; late: the second history of three.
        assertThat((List<Object>) r.get("duplicates")).containsExactly(5, 3);
        assertThat((List<Object>) r.get("positions")).containsExactly(4, 4);
    }

    @Test
    void theOffsetsRememberedPerRoomAreBoundedByTheDedupeWindow() {
        Object r = run(page, """
                async () => {
                  FakeWebSocket.reset();
                  const sb = SB.Switchboard.connect('ws://fake/', { WebSocket: FakeWebSocket, dedupeWindow: 2 });
                  const seen = [];
                  sb.room('a').on('message', (p) => seen.push(p));
                  await sb.join('a');
                  for (const text of ['a1', 'a2', 'a3']) await sb.publish('a', text);
                  const ws = FakeWebSocket.last();
                  ws.receive({ type: 'message', room: 'a', from: 1, offset: 3, payload: 'a3 again' });
                  ws.receive({ type: 'message', room: 'a', from: 1, offset: 1, payload: 'a1 beyond the window' });
                  await until(() => seen.length === 4);
                  return [...seen, sb.room('a').duplicates, sb.room('a').offset];
                }
                """);

        assertThat(list(r)).containsExactly("a1", "a2", "a3", "a1 beyond the window", 1, 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aResumeIntoANewEpochFailsAndTheNewHistoryFetchedThenIsShownOnceAlthoughItsOffsetsRepeat() {
        Map<String, Object> r = runWithTwoClients(page, """
                const seen = [];
                const chat = sb.room('chat');
                chat.on('message', (p, f) => seen.push(`${p}@${f.offset}`));
                const recovered = [];
                chat.on('recovered', (ok, reply) => {
                  recovered.push([ok, reply.payload.epoch === FakeWebSocket.rooms.get('chat').epoch]);
                  if (ok) return;
                  // A line sent by someone else just before the app asks for the latest lines again.
                  other.publish('chat', 'n3');
                  chat.join({ history: 10 });
                });
                await sb.join('chat');
                await other.join('chat');
                for (const text of ['o1', 'o2']) await other.publish('chat', text);
                await until(() => seen.length === 2);
                const oldEpoch = chat.epoch;

                await outage(async () => {
                  FakeWebSocket.forgetHistory();
                  for (const text of ['n1', 'n2']) await other.publish('chat', text);
                });
                await until(() => seen.length === 5);
                await pause(50);
                const joins = socketOf(sb).sent.filter((f) => f.type === 'join');
                return {
                  seen, recovered, duplicates: chat.duplicates,
                  epochChanged: chat.epoch !== oldEpoch, position: chat.position().offset,
                  joins: joins.map((f) => [f.since ? f.since.epoch === oldEpoch : null, f.history ?? null]),
                };
                """);

        // n3 came live first; the history then brought n1 and n2, and n3 again, dropped.
        assertThat((List<Object>) r.get("seen")).containsExactly("o1@1", "o2@2", "n3@3", "n1@1", "n2@2");
        assertThat((List<Object>) r.get("recovered")).containsExactly(List.of(false, true));
        assertThat(r.get("duplicates")).isEqualTo(1);
        assertThat(r.get("epochChanged")).isEqualTo(true);
        assertThat(r.get("position")).isEqualTo(3);
        assertThat((List<Object>) r.get("joins")).containsExactly(Arrays.asList(true, null),
                Arrays.asList(null, 10));
    }

    @Test
    @SuppressWarnings("unchecked")
    void joinOptionsGoOnTheWireAndHistoryAndEventsAreKeptForLaterJoins() {
        Map<String, Object> r = runWithTwoClients(page, """
                const otherSocket = socketOf(other);
                const joins = () => FakeWebSocket.instances.flatMap((ws) => ws !== otherSocket ? ws.sent : [])
                    .filter((f) => f.type === 'join')
                    .map(({ id, ...f }) => JSON.stringify(f, (k, v) => (k === 'epoch' ? 'E' : v)));
                const reply = await sb.join('a', { history: 5, events: false });
                const first = { joins: joins(), clients: 'clients' in reply.payload, events: sb.room('a').events,
                                members: sb.room('a').members.size };

                // A join that got no answer before the connection dropped: the next one asks for history again.
                FakeWebSocket.silent.add('join');
                const lost = sb.join('b', { history: 3 }).catch((e) => e.code);
                await until(() => socketOf(sb).sent.some((f) => f.room === 'b'));
                await outage(async () => FakeWebSocket.silent.delete('join'));
                const afterReconnect = joins();

                await sb.leave('a');
                const positionAfterLeave = sb.room('a').position();
                await sb.join('a');
                await sb.join('a', { events: true });
                return { first, lost: await lost, afterReconnect, positionAfterLeave, last: joins().slice(-2) };
                """);

        Map<String, Object> first = (Map<String, Object>) r.get("first");
        assertThat((List<Object>) first.get("joins")).containsExactly("{\"type\":\"join\",\"room\":\"a\",\"history\":5,\"events\":false}");
        assertThat(first.get("clients")).isEqualTo(false);
        assertThat(first.get("events")).isEqualTo(false);
        assertThat(first.get("members")).isEqualTo(0);
        assertThat(r.get("lost")).isEqualTo("disconnected");
        assertThat((List<Object>) r.get("afterReconnect")).containsExactly(
                "{\"type\":\"join\",\"room\":\"a\",\"history\":5,\"events\":false}",
                "{\"type\":\"join\",\"room\":\"b\",\"history\":3}",
                "{\"type\":\"join\",\"room\":\"a\",\"since\":{\"offset\":0,\"epoch\":\"E\"},\"events\":false}",
                "{\"type\":\"join\",\"room\":\"b\",\"history\":3}");
        assertThat(r.get("positionAfterLeave")).isNull();
        // After a leave the position is gone: the room is joined afresh, with the history it asked for.
        assertThat((List<Object>) r.get("last")).containsExactly(
                "{\"type\":\"join\",\"room\":\"a\",\"history\":5,\"events\":false}",
                "{\"type\":\"join\",\"room\":\"a\",\"since\":{\"offset\":0,\"epoch\":\"E\"}}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void roomStateStartsFromTheJoinSnapshotFollowsChangesAndCatchesUpAfterAReconnect() {
        Map<String, Object> r = runWithTwoClients(page, """
                const lamp = sb.room('lamp');
                const changes = [];
                lamp.on('state', (c) => changes.push(JSON.stringify(c)));
                const frames = [];
                sb.on('state', (f) => frames.push(f.room));
                await other.join('lamp');
                await other.set('lamp', 'color', 'red');
                await other.set('lamp', 'size', 3);
                await sb.join('lamp');
                const snapshot = JSON.stringify(lamp.state);

                await other.set('lamp', 'size', 4);
                const ack = await sb.set('lamp', 'color', { r: 0, g: 0, b: 255 });
                const unsetAck = await lamp.unset('size');
                await until(() => changes.length === 4);
                const live = JSON.stringify(lamp.state);

                await outage(async () => {
                  await other.set('lamp', 'mode', 'party');
                  await other.unset('lamp', 'color');
                });
                await until(() => changes.length === 5);
                const refused = await SB.Switchboard.connect('ws://fake/', options).set('lamp', 'x', 1).catch((e) => e.code);
                return { changes, snapshot, live, after: JSON.stringify(lamp.state), acks: [ack.type, unsetAck.type],
                         frames: frames.length, refused };
                """);

        assertThat((List<Object>) r.get("changes")).containsExactly(
                "{\"color\":\"red\",\"size\":3}",
                "{\"size\":4}",
                "{\"color\":{\"r\":0,\"g\":0,\"b\":255}}",
                "{\"size\":null}",
                "{\"color\":null,\"mode\":\"party\"}");
        assertThat(r.get("snapshot")).isEqualTo("{\"color\":\"red\",\"size\":3}");
        assertThat(r.get("live")).isEqualTo("{\"color\":{\"r\":0,\"g\":0,\"b\":255}}");
        assertThat(r.get("after")).isEqualTo("{\"mode\":\"party\"}");
        assertThat((List<Object>) r.get("acks")).containsExactly("ack", "ack");
        assertThat(r.get("frames")).isEqualTo(3);
        assertThat(r.get("refused")).isEqualTo("not_member");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClientOffersSwitchboardV1UnlessTheAppWantsLobbyNoticesAndPublishesVolatileFrames() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                async () => {
                  FakeWebSocket.reset();
                  const offered = async (options) => {
                    const sb = SB.Switchboard.connect('ws://fake/', { WebSocket: FakeWebSocket, ...options });
                    await sb.connected();
                    const result = [FakeWebSocket.last().offered, sb.protocol];
                    sb.close();
                    return result;
                  };
                  const sb = SB.Switchboard.connect('ws://fake/', { WebSocket: FakeWebSocket });
                  await sb.join('xy', { events: false });
                  const written = sb.publishVolatile('xy', { x: 0.5 });
                  sb.room('xy').publishVolatile({ x: 0.75 });
                  const moves = sb.conflate('xy', { rate: 100 });
                  moves.push({ x: 0.1 });
                  moves.push({ x: 0.2 });
                  await until(() => FakeWebSocket.instances[0].sent.length === 5);
                  return {
                    byDefault: await offered({}),
                    lobbyNotices: await offered({ lobbyNotices: true }),
                    explicit: await offered({ protocols: ['chat'], lobbyNotices: false }),
                    written,
                    frames: FakeWebSocket.instances[0].sent.slice(2).map((f) => JSON.stringify(f)),
                  };
                }
                """);

        assertThat((List<Object>) r.get("byDefault")).containsExactly(List.of("switchboard.v1"), "switchboard.v1");
        assertThat((List<Object>) r.get("lobbyNotices")).containsExactly(List.of(), "");
        assertThat((List<Object>) r.get("explicit")).containsExactly(List.of("chat"), "chat");
        assertThat(r.get("written")).isEqualTo(true);
        assertThat((List<Object>) r.get("frames")).containsExactly(
                "{\"type\":\"publish\",\"room\":\"xy\",\"payload\":{\"x\":0.5},\"volatile\":true}",
                "{\"type\":\"publish\",\"room\":\"xy\",\"payload\":{\"x\":0.75},\"volatile\":true}",
                "{\"type\":\"publish\",\"room\":\"xy\",\"payload\":{\"x\":0.2},\"volatile\":true}");
    }
}
