package io.switchboard.bench.loader;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a running server does of the hub protocol's opt-outs and history, found out over the wire before
 * a scenario relies on it: a scenario whose server lacks a feature is reported as not applicable (with
 * the reason) instead of running for an hour (15 000 clients that each hear about every other one cost
 * N²/2 notices) or measuring something else.
 *
 * @param quietV1 a client that negotiated {@code switchboard.v1} hears no {@code client:connected}
 * @param eventsOff a join with {@code "events":false} hears no {@code room:joined} for that room
 * @param history {@code joined.payload} carries {@code offset} and {@code epoch}, messages carry {@code offset}
 * @param since a join with {@code since} is answered with {@code recovered}
 */
record Features(boolean quietV1, boolean eventsOff, boolean history, boolean since) {

    private static final long WAIT_MS = 5_000;

    /** Why {@code scenario} cannot run on a server with these features, or null when it can. */
    String missingFor(String scenario) {
        List<String> missing = new ArrayList<>();
        if ((scenario.equals("storm") || scenario.equals("bigroom")) && !quietV1) {
            missing.add("switchboard.v1 clients still get lobby notices (N²/2 frames)");
        }
        if (scenario.equals("bigroom") && !eventsOff) {
            missing.add("join with events:false still sends room:joined (N²/2 frames)");
        }
        return missing.isEmpty() ? null : "not applicable yet: " + String.join("; ", missing);
    }

    void describe(Map<String, Object> row) {
        row.put("v1NoLobbyNotices", quietV1);
        row.put("joinEventsFalse", eventsOff);
        row.put("history", history);
        row.put("since", since);
    }

    static Features probe(Net net, Target chat) throws Exception {
        Target v1 = chat.offering(Target.V1);
        String room = "probe-" + System.nanoTime();
        List<Probe> probes = new ArrayList<>();
        try {
            Probe a = new Probe(net, v1, probes);
            Probe b = new Probe(net, v1, probes);
            b.request(HubText.hello(1), "welcome");
            a.request(HubText.hello(1), "welcome");
            Peer.sleep(200);
            boolean quiet = !a.saw("client:connected");
            String joined = a.request(HubText.join(room, false, 2, null, 0), "joined");
            b.request(HubText.join(room, true, 2, null, 0), "joined");
            a.request(HubText.hello(3), "welcome");
            Peer.sleep(200);
            boolean eventsOff = !a.saw("room:joined");
            String epoch = HubText.string(joined, "epoch");
            boolean history = false;
            boolean since = false;
            if (epoch != null) {
                b.conn.send(HubText.publish(room, "probe"));
                String message = a.await("message");
                history = HubText.number(message, "offset") >= 0;
                Probe c = new Probe(net, v1, probes);
                since = HubText.bool(c.request(HubText.join(room, false, 4, epoch, 0), "joined"), "recovered") != null;
            }
            return new Features(quiet, eventsOff, history, since);
        } catch (IllegalStateException e) {
            Bench.log("   feature probe: " + e.getMessage());
            return new Features(false, false, false, false);
        } finally {
            probes.forEach(p -> p.conn.closeNow());
        }
    }

    /** A client that keeps every text frame it receives. */
    private static final class Probe implements Conn.Listener {
        final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();
        final Conn conn;

        Probe(Net net, Target target, List<Probe> all) throws Exception {
            conn = net.connect(target, null, this);
            all.add(this);
            conn.ready.get(WAIT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onText(Conn c, ByteBuf text) {
            inbox.add(text.toString(StandardCharsets.UTF_8));
        }

        String request(String frame, String replyType) throws InterruptedException {
            conn.send(frame);
            return await(replyType);
        }

        String await(String type) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (true) {
                String f = inbox.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (f == null) {
                    throw new IllegalStateException("no '" + type + "' reply in " + WAIT_MS + " ms");
                }
                seen.add(f);
                if (HubText.is(f, type)) {
                    return f;
                }
            }
        }

        boolean saw(String type) {
            inbox.drainTo(seen);
            return seen.stream().anyMatch(f -> HubText.is(f, type));
        }
    }
}
