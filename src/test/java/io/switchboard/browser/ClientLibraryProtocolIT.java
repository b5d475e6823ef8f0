package io.switchboard.browser;

import static io.switchboard.browser.LibraryPage.list;
import static io.switchboard.browser.LibraryPage.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
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
                  const a = SB.Switchboard.connect();
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
