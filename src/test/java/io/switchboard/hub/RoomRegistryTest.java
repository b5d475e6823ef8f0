package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Frame;

/** The registry with in-process sessions: grouping by lane, snapshots, activity notifications. */
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
        public void close(CloseCode code) {
        }
    }

    @Test
    void deliversOnceToEachMemberWithOneTaskPerOtherLane() {
        QueueLane laneA = new QueueLane();
        QueueLane laneB = new QueueLane();
        RoomRegistry registry = new RoomRegistry();
        List<Client> clients = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            Client c = new Client(i, new RecordingSession(i % 2 == 0 ? laneA : laneB));
            clients.add(c);
            assertThat(registry.add("r", c)).isTrue();
        }
        assertThat(registry.add("r", clients.get(0))).isFalse();
        assertThat(registry.size("r")).isEqualTo(6);

        registry.deliver("r", Frame.text("m"), 3);
        assertThat(laneA.tasks).hasSize(1);
        assertThat(laneB.tasks).hasSize(1);
        laneA.run();
        laneB.run();
        for (Client c : clients) {
            assertThat(((RecordingSession) c.session()).received).as("client " + c.id())
                    .isEqualTo(c.id() == 3 ? List.of() : List.of("m"));
        }
    }

    @Test
    void aDeliveryUsesTheMembersAtPublishTime() {
        QueueLane lane = new QueueLane();
        RoomRegistry registry = new RoomRegistry();
        Client early = new Client(1, new RecordingSession(lane));
        Client late = new Client(2, new RecordingSession(lane));
        registry.add("r", early);
        registry.deliver("r", Frame.text("before"), 0);
        registry.add("r", late);
        lane.run();
        assertThat(((RecordingSession) early.session()).received).containsExactly("before");
        assertThat(((RecordingSession) late.session()).received).isEmpty();
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
        Client a = new Client(1, new RecordingSession(lane));
        Client b = new Client(2, new RecordingSession(lane));
        registry.add("r", a);
        registry.add("r", b);
        registry.remove("r", a);
        assertThat(registry.remove("r", a)).isFalse();
        registry.remove("r", b);
        registry.add("r", b);
        assertThat(events).containsExactly("active r", "idle r", "active r");
        assertThat(registry.remove("unknown", a)).isFalse();
    }
}
