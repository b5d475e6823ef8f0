package io.switchboard.bench.loader;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Room scenarios on one server: a big room (N members joining at once with {@code events:false}, leaving,
 * fan-out at N and at a small size) and room publish with history on and off.
 */
final class Rooms {

    private static final byte[] JOINED = "\"type\":\"joined\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEFT = "\"type\":\"left\"".getBytes(StandardCharsets.US_ASCII);
    /** Switchboard config that turns history off for every room. */
    static final List<String> NO_HISTORY = List.of("-Dswitchboard.history.exclude=*");
    private static final String NO_HISTORY_YET = "not applicable yet: this build has no room history (no offset or epoch in joined)";

    private final Bench b;
    private final Options o;

    Rooms(Bench b) {
        this.b = b;
        this.o = b.o;
    }

    /** Room members: count {@code joined} / {@code left} replies, hand everything else to the fan-out counter. */
    private final class Members implements Conn.Listener {
        final LongAdder joined = new LongAdder();
        final LongAdder left = new LongAdder();
        final AtomicLong lastReply = new AtomicLong();

        @Override
        public void onText(Conn conn, ByteBuf text) {
            if (Marker.contains(text, JOINED)) {
                joined.increment();
                lastReply.set(System.nanoTime());
            } else if (Marker.contains(text, LEFT)) {
                left.increment();
                lastReply.set(System.nanoTime());
            } else {
                b.subscriber.onText(conn, text);
            }
        }

        /** Waits until {@code counter} reaches {@code n}; returns nanoseconds from {@code t0} to the last reply, or -1. */
        long await(LongAdder counter, long n, long t0, long timeoutMs) {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (counter.sum() < n && System.currentTimeMillis() < deadline) {
                Peer.sleep(2);
            }
            return counter.sum() < n ? -1 : lastReply.get() - t0;
        }
    }

    // ------------------------------------------------------------------ big room

    List<Map<String, Object>> bigRoom(Peer peer) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Conn> members = new ArrayList<>();
        try (Peer.Running r = b.start(peer, "bigroom")) {
            Features f = b.require(r, "bigroom");
            Members listener = new Members();
            AtomicInteger failed = new AtomicInteger();
            members.addAll(b.net.connectMany(r.chatTargets(Target.V1), o.bigroomMembers, Bench.sources(8), 200, listener, failed));
            int n = members.size();
            Peer.sleep(500);

            // First the same crowd joins and leaves another room, untimed but reported: a JIT compiles the
            // request paths as they run, and the row is about what a running server takes for a big join.
            long w0 = System.nanoTime();
            String warmJoin = HubText.join("warm-up", false, 1, null, 0);
            Net.sendAll(members, i -> warmJoin);
            long firstJoinNanos = listener.await(listener.joined, n, w0, 120_000);
            String warmLeave = HubText.leave("warm-up", 2);
            Net.sendAll(members, i -> warmLeave);
            listener.await(listener.left, n, w0, 120_000);
            listener.joined.reset();
            listener.left.reset();
            Peer.sleep(500);

            Proc.CpuWatch cpu = new Proc.CpuWatch(r.pids());
            long t0 = System.nanoTime();
            String joinText = HubText.join("big", false, 1, null, 0);
            Net.sendAll(members, i -> joinText);
            long joinNanos = listener.await(listener.joined, n, t0, 120_000);
            double[] joinCpu = cpu.stop();
            Bench.alive(r);
            Map<String, Object> join = Bench.row(peer);
            join.put("phase", "join");
            join.put("members", n);
            join.put("failedConnections", failed.get());
            join.put("joined", listener.joined.sum());
            join.put("joinMs", joinNanos < 0 ? -1 : Bench.round(joinNanos / 1e6));
            join.put("firstJoinMs", firstJoinNanos < 0 ? -1 : Bench.round(firstJoinNanos / 1e6));
            Bench.putCpu(join, joinCpu);
            f.describe(join);
            rows.add(join);
            Bench.log(String.format("   %d members joined one room (events:false) in %s ms (the first join, into the warm-up "
                    + "room: %s ms)", listener.joined.sum(), join.get("joinMs"), join.get("firstJoinMs")));
            if (joinNanos < 0) {
                throw new IllegalStateException("only " + listener.joined.sum() + " of " + n + " joins answered in 120 s");
            }

            Conn pub = b.publisher(r, r.publisherTarget().offering(Target.V1));
            pub.send(HubText.join("big", false, 1, null, 0));
            rows.add(roomFanout(r, pub, n));

            int leavers = Math.max(0, n - o.bigroomSmall);
            t0 = System.nanoTime();
            String leaveText = HubText.leave("big", 2);
            Net.sendAll(members.subList(0, leavers), i -> leaveText);
            long leaveNanos = listener.await(listener.left, leavers, t0, 120_000);
            join.put("left", listener.left.sum());
            join.put("leaveMs", leaveNanos < 0 ? -1 : Bench.round(leaveNanos / 1e6));
            Bench.log(String.format("   %d members left in %s ms", listener.left.sum(), join.get("leaveMs")));
            rows.add(roomFanout(r, pub, n - leavers));
        } finally {
            Net.closeAll(members);
        }
        return rows;
    }

    /**
     * A fan-out burst into room "big" with {@code n} members besides the publisher; cost per delivery from
     * server CPU. Both sizes keep the same number of messages in flight ({@code --bigroom-window}), so that
     * each member's socket sees the same traffic and only the room's size differs between the two bursts
     * (a window counted in deliveries would give the small room 30 times more messages per socket write).
     */
    private Map<String, Object> roomFanout(Peer.Running r, Conn pub, int n) {
        int m = (int) Math.max(10, o.bigroomDeliveries / n);
        b.burst(r, pub, n, 64, m / 10 + 1, o.bigroomWindow, p -> HubText.publish("big", p));
        Bench.alive(r);
        Map<String, Object> row = b.burst(r, pub, n, 64, m, o.bigroomWindow, p -> HubText.publish("big", p));
        Bench.alive(r);
        row.put("phase", "fanout");
        row.put("members", n);
        double deliveries = ((Number) row.get("deliveries")).doubleValue();
        double cpuSeconds = ((Number) row.get("serverCpuSeconds")).doubleValue();
        row.put("serverCpuUsPerDelivery", Bench.round(deliveries <= 0 ? -1 : cpuSeconds * 1e6 / deliveries));
        Bench.log(String.format("   fan-out to %d members: %.0f deliveries/s, %s µs server CPU per delivery, lost %s", n,
                (double) row.get("deliveriesPerSec"), row.get("serverCpuUsPerDelivery"), row.get("lost")));
        return row;
    }

    // ------------------------------------------------------------------ history on / off

    /** Room publish fan-out, Switchboard with history and with {@code switchboard.history.exclude=*}, interleaved. */
    List<Map<String, Object>> history(Peer switchboard) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        Features known = b.known(switchboard);
        if (known != null && !known.history()) {
            throw new Bench.NotApplicable(NO_HISTORY_YET, known);
        }
        for (int round = 1; round <= o.historyRounds; round++) {
            for (boolean on : new boolean[] {true, false}) {
                Peer peer = on ? switchboard : switchboard.variant(NO_HISTORY);
                List<Conn> subs = new ArrayList<>();
                try (Peer.Running r = b.start(peer, "history-" + (on ? "on" : "off") + round)) {
                    r.awaitReady(b.net, 60_000);
                    Features f = b.features(r);
                    if (on && !f.history()) {
                        // the server would refuse switchboard.history.exclude as an unknown setting
                        throw new Bench.NotApplicable(NO_HISTORY_YET, f);
                    }
                    // switchboard.v1 and events:false where the server has them; otherwise the notices drain first
                    String protocol = f.quietV1() ? Target.V1 : null;
                    Members listener = new Members();
                    AtomicInteger failed = new AtomicInteger();
                    subs.addAll(b.net.connectMany(r.chatTargets(protocol), o.historySubscribers, Bench.sources(8), 200,
                            listener, failed));
                    for (Conn c : subs) {
                        c.send(HubText.join("h", !f.eventsOff(), 1, null, 0));
                    }
                    if (listener.await(listener.joined, subs.size(), System.nanoTime(), 60_000) < 0) {
                        throw new IllegalStateException("joins not answered");
                    }
                    b.waitQuiet(60_000);
                    Conn pub = b.publisher(r, r.publisherTarget().offering(protocol));
                    pub.send(HubText.join("h", false, 1, null, 0));
                    int m = messages(subs.size());
                    b.burst(r, pub, subs.size(), 64, m / 10 + 1, p -> HubText.publish("h", p));
                    Bench.alive(r);
                    Map<String, Object> row = b.burst(r, pub, subs.size(), 64, m, p -> HubText.publish("h", p));
                    Bench.alive(r);
                    row.put("historySetting", on ? "on" : "off (switchboard.history.exclude=*)");
                    row.put("round", round);
                    row.put("offsetsOnMessages", f.history());
                    f.describe(row);
                    rows.add(row);
                    Bench.log(String.format("   history %s, round %d: %.0f deliveries/s to %d members, lost %s%s", on ? "on" : "off",
                            round, (double) row.get("deliveriesPerSec"), subs.size(), row.get("lost"),
                            on && !f.history() ? " (this build sends no offsets: no history to switch off)" : ""));
                } finally {
                    Net.closeAll(subs);
                }
            }
        }
        return rows;
    }

    private int messages(int n) {
        return (int) Math.max(10, o.fanoutDeliveries / n);
    }
}
