package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.switchboard.backplane.Target;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frame;

/** The registry with in-process sessions: grouping by lane, O(1) joins and leaves, notices, held-back joins, activity. */
class RoomRegistryTest {

    /** A lane that queues tasks until {@link #run()}, to see what crosses lanes. */
    static final class QueueLane implements Lane {
        final List<Runnable> tasks = new ArrayList<>();
        boolean current;

        @Override
        public boolean inLane() {
            return current;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void run() {
            current = true;
            tasks.forEach(Runnable::run);
            tasks.clear();
            current = false;
        }
    }

    static final class RecordingSession implements Session {
        final Lane lane;
        final List<String> received = new ArrayList<>();
        boolean backedUp;

        RecordingSession(Lane lane) {
            this.lane = lane;
        }

        @Override
        public Lane lane() {
            return lane;
        }

        @Override
        public void write(Frame frame) {
            received.add(frame.asText());
        }

        @Override
        public boolean backedUp() {
            return backedUp;
        }

        @Override
        public void close(CloseCode code) {
        }
    }

    private static Client client(long id, Lane lane) {
        return new Client(id, new RecordingSession(lane), true);
    }

    private static List<String> received(Client c) {
        return ((RecordingSession) c.session()).received;
    }

    private static Member join(RoomRegistry registry, String room, Client c, boolean watching) {
        Member m = registry.add(room, c, watching);
        c.add(m);
        return m;
    }

    @Test
    void deliversOnceToEachMemberWithOneTaskPerLane() {
        QueueLane laneA = new QueueLane();
        QueueLane laneB = new QueueLane();
        RoomRegistry registry = new RoomRegistry();
        List<Client> clients = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            Client c = client(i, i % 2 == 0 ? laneA : laneB);
            clients.add(c);
            join(registry, "r", c, true);
        }
        assertThat(registry.size("r")).isEqualTo(6);

        registry.deliver("r", Frame.text("m"), Target.room("r").except(3));
        assertThat(laneA.tasks).hasSize(1);
        assertThat(laneB.tasks).hasSize(1);
        laneA.run();
        laneB.run();
        for (Client c : clients) {
            assertThat(received(c)).as("client " + c.id()).isEqualTo(c.id() == 3 ? List.of() : List.of("m"));
        }
    }

    @Test
    void noticesReachOnlyTheMembersThatWatch() {
        QueueLane lane = new QueueLane();
        RoomRegistry registry = new RoomRegistry();
        Client watcher = client(1, lane);
        Client quiet = client(2, lane);
        join(registry, "r", watcher, true);
        Member q = join(registry, "r", quiet, false);
        registry.deliver("r", Frame.text("notice"), Target.room("r").notices());
        registry.deliver("r", Frame.text("message"), Target.room("r"));
        lane.run();
        assertThat(received(watcher)).containsExactly("notice", "message");
        assertThat(received(quiet)).containsExactly("message");

        q.group.watch(q, true);
        registry.deliver("r", Frame.text("notice 2"), Target.room("r").notices());
        lane.run();
        assertThat(received(quiet)).containsExactly("message", "notice 2");
    }

    @Test
    void joinsAndLeavesInAnyOrderKeepExactlyTheRemainingMembers() {
        QueueLane lane = new QueueLane();
        RoomRegistry registry = new RoomRegistry();
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            members.add(join(registry, "big", client(i, lane), i % 3 == 0));
        }
        java.util.Collections.shuffle(members, new java.util.Random(7));
        List<Member> gone = members.subList(0, 1500);
        for (Member m : gone) {
            registry.remove(m);
        }
        assertThat(registry.size("big")).isEqualTo(500);
        registry.deliver("big", Frame.text("m"), Target.room("big"));
        registry.deliver("big", Frame.text("n"), Target.room("big").notices());
        lane.run();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            List<String> expected = i < 1500 ? List.of() : m.client.id() % 3 == 0 ? List.of("m", "n") : List.of("m");
            assertThat(received(m.client)).as("client " + m.client.id()).isEqualTo(expected);
        }
    }

    @Test
    void aPendingMemberHoldsFramesBackAndDropsWhatItAlreadyHas() {
        QueueLane lane = new QueueLane();
        RoomRegistry registry = new RoomRegistry();
        Client c = client(1, lane);
        Member m = join(registry, "r", c, true);
        m.hold();
        for (int offset = 1; offset <= 5; offset++) {
            registry.deliver("r", Frame.sequenced(("m" + offset).getBytes(), offset, "e"), Target.room("r"));
        }
        registry.deliver("r", Frame.volatileText("cursor".getBytes()), Target.room("r"));
        lane.run();
        assertThat(received(c)).isEmpty();

        // The join read the stream at offset 3: 1-3 came with the replay, 4-5 follow.
        m.release(3, "e");
        assertThat(received(c)).containsExactly("m4", "m5");
        registry.deliver("r", Frame.sequenced("m5".getBytes(), 5, "e"), Target.room("r"));
        registry.deliver("r", Frame.sequenced("m6".getBytes(), 6, "e"), Target.room("r"));
        registry.deliver("r", Frame.sequenced("new epoch".getBytes(), 1, "f"), Target.room("r"));
        lane.run();
        assertThat(received(c)).containsExactly("m4", "m5", "m6", "new epoch");
    }

    @Test
    void aFeedJoinGivesTheLatestItemOnceAndNothingOlderAfterIt() {
        QueueLane lane = new QueueLane();
        RoomRegistry registry = new RoomRegistry();
        Client c = client(1, lane);
        Member m = join(registry, "feed", c, true);
        m.hold();
        // "older" reached the lane while the join was under way; "latest" is already the feed's
        // latest item, which the join gives, but its delivery to the lane is still queued.
        registry.deliver("feed", Frame.text("older"), Target.room("feed"));
        lane.run();
        Frame latest = Frame.text("latest");
        c.session().write(latest);
        m.release(0, null, latest);
        registry.deliver("feed", latest, Target.room("feed"));
        registry.deliver("feed", Frame.text("next"), Target.room("feed"));
        lane.run();
        assertThat(received(c)).containsExactly("latest", "next");
    }

    @Test
    void aFeedJoinWhoseLatestItemWasHeldBackDropsWhatItHeld() {
        QueueLane lane = new QueueLane();
        RoomRegistry registry = new RoomRegistry();
        Client c = client(1, lane);
        Member m = join(registry, "feed", c, true);
        m.hold();
        Frame latest = Frame.text("latest");
        registry.deliver("feed", Frame.text("older"), Target.room("feed"));
        registry.deliver("feed", latest, Target.room("feed"));
        lane.run();
        c.session().write(latest);
        m.release(0, null, latest);
        registry.deliver("feed", Frame.text("next"), Target.room("feed"));
        registry.deliver("feed", Frame.text("after"), Target.room("feed"));
        lane.run();
        assertThat(received(c)).containsExactly("latest", "next", "after");
    }

    @Test
    void volatileFramesAreDroppedForABackedUpReader() {
        QueueLane lane = new QueueLane();
        RoomRegistry registry = new RoomRegistry();
        Client slow = client(1, lane);
        Client fast = client(2, lane);
        join(registry, "r", slow, true);
        join(registry, "r", fast, true);
        ((RecordingSession) slow.session()).backedUp = true;
        registry.deliver("r", Frame.volatileText("v".getBytes()), Target.room("r"));
        registry.deliver("r", Frame.text("kept"), Target.room("r"));
        lane.run();
        assertThat(received(slow)).containsExactly("kept");
        assertThat(received(fast)).containsExactly("v", "kept");
    }

    @Test
    void tellsWhenARoomGainsItsFirstAndLosesItsLastMember() {
        List<String> events = new ArrayList<>();
        RoomRegistry registry = new RoomRegistry();
        registry.activity(new RoomActivity() {
            @Override
            public void active(String room) {
                events.add("active " + room);
            }

            @Override
            public void idle(String room) {
                events.add("idle " + room);
            }
        });
        QueueLane lane = new QueueLane();
        Member a = join(registry, "r", client(1, lane), true);
        Member b = join(registry, "r", client(2, lane), true);
        registry.remove(a);
        registry.remove(b);
        join(registry, "r", b.client, true);
        assertThat(events).containsExactly("active r", "idle r", "active r");
        assertThat(registry.size("r")).isEqualTo(1);
    }
}
