package io.switchboard.browser;

import static io.switchboard.browser.LibraryPage.list;
import static io.switchboard.browser.LibraryPage.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** switchboard.js against the packaged server: the promise API and events over real sockets. */
class ClientLibraryProtocolIT extends BrowserTestBase {

    private Page page;

    @BeforeEach
    void openPage() {
        page = LibraryPage.open(newContext(), server.url(""));
    }

    @Test
    @SuppressWarnings("unchecked")
    void joinPublishAndPresenceResolveAndReachTheOtherClient() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                async () => {
                  const a = SB.Switchboard.connect();
                  const b = SB.Switchboard.connect();
                  await Promise.all([a.connected(), b.connected()]);
                  const joinedA = await a.join('api-room');
                  const bJoinedSeenByA = nextEvent(a.room('api-room'), 'join');
                  const joinedB = await b.join('api-room');
                  const [seen] = await bJoinedSeenByA;
                  const received = nextEvent(a.room('api-room'), 'message');
                  const echoed = nextEvent(b.room('api-room'), 'message');
                  const ack = await b.publish('api-room', { text: 'hi', n: 1 });
                  const [payload, frame] = await received;
                  await echoed;
                  const presence = await a.presence('api-room');
                  const result = {
                    url: a.url, ids: [a.id, b.id], version: typeof a.server.version,
                    joinedA: joinedA.payload.clients, joinedB: joinedB.payload.clients, seen,
                    ackType: ack.type, payload, from: frame.from, presence,
                    members: [...a.room('api-room').members].sort((x, y) => x - y),
                  };
                  a.close(); b.close();
                  return result;
                }
                """);

        List<Object> ids = (List<Object>) r.get("ids");
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        assertThat((String) r.get("url")).startsWith("ws://127.0.0.1:").endsWith("/");
        assertThat(r.get("version")).isEqualTo("string");
        assertThat((List<Object>) r.get("joinedA")).containsExactly(ids.get(0));
        assertThat((List<Object>) r.get("joinedB")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(r.get("seen")).isEqualTo(ids.get(1));
        assertThat(r.get("ackType")).isEqualTo("ack");
        assertThat((Map<String, Object>) r.get("payload")).containsEntry("text", "hi").containsEntry("n", 1);
        assertThat(r.get("from")).isEqualTo(ids.get(1));
        assertThat((List<Object>) r.get("presence")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat((List<Object>) r.get("members")).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void directAndBroadcastReachTheirTargets() {
        Object r = run(page, """
                async () => {
                  const a = SB.Switchboard.connect();
                  const b = SB.Switchboard.connect();
                  await Promise.all([a.connected(), b.connected()]);
                  const direct = nextEvent(b, 'direct');
                  const directAck = await a.direct(b.id, 'psst');
                  const [d] = await direct;
                  const broadcast = nextEvent(b, 'broadcast');
                  const broadcastAck = await a.broadcast({ all: true });
                  const [bc] = await broadcast;
                  a.close(); b.close();
                  return [directAck.type, d.from === a.id, d.payload, broadcastAck.type, bc.from === a.id, bc.payload.all];
                }
                """);

        assertThat(list(r)).containsExactly("ack", true, "psst", "ack", true, true);
    }

    @Test
    void leavingTellsTheOthersAndAClosedClientLeavesEveryRoom() {
        Object r = run(page, """
                async () => {
                  // a asks for the lobby's client:disconnected notices; b and c use the default, without.
                  const a = SB.Switchboard.connect(undefined, { lobbyNotices: true });
                  const b = SB.Switchboard.connect();
                  const c = SB.Switchboard.connect();
                  await Promise.all([a.connected(), b.connected(), c.connected()]);
                  for (const x of [a, b, c]) await x.join('leavers');
                  await until(() => a.room('leavers').members.size === 3);
                  const left = nextEvent(a.room('leavers'), 'leave');
                  const leftReply = await b.leave('leavers');
                  const [leaver] = await left;
                  const gone = nextEvent(a, 'client:disconnected');
                  c.close();
                  const [disconnected] = await gone;
                  await until(() => a.room('leavers').members.size === 1);
                  const result = [leftReply.type, leaver === b.id, disconnected === c.id, b.rooms.length, [...a.room('leavers').members][0] === a.id];
                  a.close(); b.close();
                  return result;
                }
                """);

        assertThat(list(r)).containsExactly("left", true, true, 0, true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDroppedConnectionResumesEveryRoomWithExactlyTheMessagesItMissed() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                async () => {
                  // b's network: while blocked, its socket is closed and new ones fail at once.
                  let blocked = false;
                  const sockets = [];
                  class Flaky extends WebSocket {
                    constructor(url, protocols) { super(url, protocols); sockets.push(this); if (blocked) this.close(); }
                  }
                  const a = SB.Switchboard.connect();
                  const b = SB.Switchboard.connect(undefined, { WebSocket: Flaky, minDelay: 20, maxDelay: 200 });
                  await Promise.all([a.connected(), b.connected()]);
                  const rooms = ['resume-1', 'resume-2'];
                  const seen = [];
                  for (const room of rooms) b.room(room).on('message', (p, f) => seen.push(`${room} ${f.offset} ${p}`));
                  const recovered = [];
                  b.on('recovered', (room, ok, reply) => recovered.push(`${room} ${ok} ${reply.payload.offset}`));
                  for (const room of rooms) { await a.join(room); await b.join(room); }
                  for (const room of rooms) await a.publish(room, 'before');
                  await until(() => seen.length === 2);
                  const positions = rooms.map((room) => b.room(room).position());

                  const gone = b.id;
                  blocked = true;
                  sockets.forEach((s) => s.close());
                  await until(() => rooms.every((room) => !a.room(room).members.has(gone)), 10000);
                  for (const room of rooms) for (const text of ['m1', 'm2', 'm3']) await a.publish(room, text);
                  blocked = false;
                  await until(() => b.status === 'connected' && seen.length === 8, 15000);
                  await a.publish('resume-1', 'live');
                  await until(() => seen.length === 9);
                  const result = {
                    seen, recovered, positionsBefore: positions.map((p) => p.offset),
                    sameEpoch: rooms.every((room, i) => b.room(room).epoch === positions[i].epoch),
                    duplicates: rooms.map((room) => b.room(room).duplicates),
                  };
                  a.close(); b.close();
                  return result;
                }
                """);

        assertThat((List<Object>) r.get("positionsBefore")).containsExactly(1, 1);
        assertThat((List<Object>) r.get("seen")).containsExactly(
                "resume-1 1 before", "resume-2 1 before",
                "resume-1 2 m1", "resume-1 3 m2", "resume-1 4 m3",
                "resume-2 2 m1", "resume-2 3 m2", "resume-2 4 m3",
                "resume-1 5 live");
        assertThat((List<Object>) r.get("recovered")).containsExactly("resume-1 true 4", "resume-2 true 4");
        assertThat(r.get("sameEpoch")).isEqualTo(true);
        assertThat((List<Object>) r.get("duplicates")).containsExactly(0, 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLateJoinerGetsTheHistoryItAsksForAndTheRoomStateAtOnce() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                async () => {
                  const a = SB.Switchboard.connect();
                  await a.join('late-room');
                  for (let i = 1; i <= 5; i++) await a.publish('late-room', 'l' + i);
                  await a.set('late-room', 'volume', 0.7);
                  await a.room('late-room').set('scene', { name: 'intro' });

                  const b = SB.Switchboard.connect();
                  const room = b.room('late-room');
                  const messages = [];
                  room.on('message', (p, f) => messages.push(`${f.offset} ${p}`));
                  const changes = [];
                  room.on('state', (c) => changes.push(c));
                  const reply = await b.join('late-room', { history: 3 });
                  const stateAtJoin = room.state;
                  await until(() => messages.length === 3);

                  const ack = await room.set('volume', 0.2);
                  await until(() => a.room('late-room').state.volume === 0.2);
                  await b.unset('late-room', 'scene');
                  await until(() => !('scene' in a.room('late-room').state));
                  const result = {
                    messages, stateAtJoin, changes, ack: ack.type,
                    joined: [reply.payload.offset, typeof reply.payload.epoch, 'recovered' in reply.payload],
                    a: a.room('late-room').state, b: room.state,
                  };
                  a.close(); b.close();
                  return result;
                }
                """);

        assertThat((List<Object>) r.get("messages")).containsExactly("3 l3", "4 l4", "5 l5");
        Map<String, Object> initial = Map.of("volume", 0.7, "scene", Map.of("name", "intro"));
        assertThat((Map<String, Object>) r.get("stateAtJoin")).isEqualTo(initial);
        Map<String, Object> removed = new HashMap<>();
        removed.put("scene", null);
        assertThat((List<Object>) r.get("changes")).containsExactly(initial, Map.of("volume", 0.2), removed);
        assertThat(r.get("ack")).isEqualTo("ack");
        assertThat((List<Object>) r.get("joined")).containsExactly(5, "string", false);
        assertThat((Map<String, Object>) r.get("a")).isEqualTo(Map.of("volume", 0.2));
        assertThat((Map<String, Object>) r.get("b")).isEqualTo(Map.of("volume", 0.2));
    }

    @Test
    @SuppressWarnings("unchecked")
    void volatileMessagesCarryNoOffsetAndAJoinWithoutEventsHearsNoMemberNotices() {
        Map<String, Object> r = (Map<String, Object>) run(page, """
                async () => {
                  const a = SB.Switchboard.connect();
                  const b = SB.Switchboard.connect();
                  await a.join('pad');
                  const frames = [];
                  b.on('frame', (f) => frames.push(f));
                  const reply = await b.join('pad', { events: false });
                  const c = SB.Switchboard.connect();
                  await c.join('pad');
                  await c.leave('pad');
                  const got = nextEvent(b.room('pad'), 'message');
                  const written = a.publishVolatile('pad', { x: 0.25 });
                  const [payload, frame] = await got;
                  const presence = await b.presence('pad');
                  const result = {
                    written, payload, offset: 'offset' in frame, from: frame.from === a.id,
                    clientsInReply: 'clients' in reply.payload,
                    notices: frames.filter((f) => f.type.startsWith('room:')).length,
                    presence: presence.length, position: b.room('pad').position() !== null,
                  };
                  a.close(); b.close(); c.close();
                  return result;
                }
                """);

        assertThat(r.get("written")).isEqualTo(true);
        assertThat((Map<String, Object>) r.get("payload")).containsEntry("x", 0.25);
        assertThat(r.get("offset")).isEqualTo(false);
        assertThat(r.get("from")).isEqualTo(true);
        assertThat(r.get("clientsInReply")).isEqualTo(false);
        assertThat(r.get("notices")).isEqualTo(0);
        assertThat(r.get("presence")).isEqualTo(2);
        assertThat(r.get("position")).isEqualTo(true);
    }

    @Test
    void theLibraryOffersSwitchboardV1SoOnlyAppsThatAskHearLobbyNotices() {
        Object r = run(page, """
                async () => {
                  const quiet = SB.Switchboard.connect();
                  const chatty = SB.Switchboard.connect(undefined, { lobbyNotices: true });
                  await Promise.all([quiet.connected(), chatty.connected()]);
                  const heard = { quiet: [], chatty: [] };
                  quiet.on('client:connected', (id) => heard.quiet.push(id));
                  chatty.on('client:connected', (id) => heard.chatty.push(id));
                  const c = SB.Switchboard.connect();
                  await c.connected();
                  await until(() => heard.chatty.includes(c.id));
                  await quiet.presence('lobby');
                  const result = [quiet.protocol, chatty.protocol, heard.quiet.includes(c.id), heard.chatty.includes(c.id)];
                  quiet.close(); chatty.close(); c.close();
                  return result;
                }
                """);

        assertThat(list(r)).containsExactly("switchboard.v1", "", false, true);
    }

    @Test
    void serverErrorsRejectWithTheirCode() {
        Object r = run(page, """
                async () => {
                  const sb = SB.Switchboard.connect();
                  await sb.connected();
                  const code = (p) => p.then(() => 'resolved', (e) => e instanceof SB.SwitchboardError ? e.code : String(e));
                  const result = [
                    await code(sb.publish('never-joined', 'x')),
                    await code(sb.join('bad room!')),
                    await code(sb.direct(987654, 'x')),
                    await code(sb.join('server-time').then(() => sb.publish('server-time', 'x'))),
                  ];
                  sb.close();
                  return result;
                }
                """);

        assertThat(list(r)).containsExactly("not_member", "bad_room", "no_such_client", "forbidden");
    }

    @Test
    void feedsArriveAsRoomFeedEvents() {
        Object r = run(page, """
                async () => {
                  const sb = SB.Switchboard.connect();
                  const tick = nextEvent(sb.room('server-time'), 'feed', 10000);
                  const quote = nextEvent(sb.room('ticker'), 'feed', 10000);
                  await sb.join('server-time');
                  await sb.join('ticker');
                  const [time, timeFrame] = await tick;
                  const [quotes] = await quote;
                  sb.close();
                  return [typeof time, timeFrame.type, Array.isArray(quotes), typeof quotes[0].symbol, typeof quotes[0].price];
                }
                """);

        assertThat(list(r)).containsExactly("string", "api:server-time", true, "string", "number");
    }

    @Test
    void rawChannelsEchoToEverySocketIncludingTheSender() {
        Object r = run(page, """
                async () => {
                  // An open event does not prove the server has put the socket in the room yet; a
                  // socket's own echo does (the server handles a connection's frames after its open).
                  const a = SB.Switchboard.raw('api-raw');
                  const aEcho = nextEvent(a, 'data');
                  await until(() => a.status === 'connected');
                  a.send('a is here');
                  await aEcho;
                  const b = SB.Switchboard.raw('api-raw');
                  const heardByA = nextEvent(a, 'data');
                  const heardByB = nextEvent(b, 'data');
                  await until(() => b.status === 'connected');
                  b.send('b is here');
                  const first = [(await heardByA)[0], (await heardByB)[0]].join(' / ');
                  const toA = nextEvent(a, 'data');
                  const toB = nextEvent(b, 'data');
                  a.send('ping 1');
                  const result = [first, (await toA)[0], (await toB)[0]];
                  a.close(); b.close();
                  return result;
                }
                """);

        assertThat(list(r)).containsExactly("b is here / b is here", "ping 1", "ping 1");
    }
}
