package io.switchboard.hub;

import java.util.Arrays;

import io.switchboard.backplane.Target;
import io.switchboard.protocol.Frame;

/**
 * A room's members on one lane. Confined to the lane's thread: joins, leaves and deliveries for
 * these members all run there, so the lists change in place without locks or copies, and a join
 * or leave costs O(1) whatever the room's size (swap-remove; arrays shrink when a quarter full).
 * Watchers are the members that asked for presence notices.
 */
final class LaneGroup {
    private static final Member[] EMPTY = new Member[0];

    final Lane lane;
    final Traffic traffic;
    private Member[] members = EMPTY;
    private int count;
    private Member[] watchers = EMPTY;
    private int watcherCount;

    LaneGroup(Lane lane, Traffic traffic) {
        this.lane = lane;
        this.traffic = traffic;
    }

    void add(Member m, boolean watching) {
        if (count == members.length) {
            members = Arrays.copyOf(members, Math.max(4, count * 2));
        }
        m.index = count;
        members[count++] = m;
        watch(m, watching);
    }

    void remove(Member m) {
        watch(m, false);
        int i = m.index;
        if (i < 0) {
            return;
        }
        Member last = members[--count];
        members[i] = last;
        last.index = i;
        members[count] = null;
        m.index = -1;
        members = shrunk(members, count);
    }

    /** Starts or stops sending {@code m} presence notices. */
    void watch(Member m, boolean watching) {
        if (watching && m.watcherIndex < 0) {
            if (watcherCount == watchers.length) {
                watchers = Arrays.copyOf(watchers, Math.max(4, watcherCount * 2));
            }
            m.watcherIndex = watcherCount;
            watchers[watcherCount++] = m;
        } else if (!watching && m.watcherIndex >= 0) {
            int i = m.watcherIndex;
            Member last = watchers[--watcherCount];
            watchers[i] = last;
            last.watcherIndex = i;
            watchers[watcherCount] = null;
            m.watcherIndex = -1;
            watchers = shrunk(watchers, watcherCount);
        }
    }

    private static Member[] shrunk(Member[] array, int used) {
        return array.length > 16 && used < array.length / 4 ? Arrays.copyOf(array, array.length / 2) : array;
    }

    int size() {
        return count;
    }

    /** Offers {@code frame} to every member {@code target} selects. Runs on the lane. */
    void deliver(Frame frame, Target target) {
        Member[] list = target.noticesOnly() ? watchers : members;
        int n = target.noticesOnly() ? watcherCount : count;
        long except = target.except();
        int offered = 0;
        // Offering never removes members inline (closing a socket is asynchronous), so the list
        // is stable for the length of the loop.
        for (int i = 0; i < n; i++) {
            Member m = list[i];
            if (except == Client.ANONYMOUS || m.client.id() != except) {
                m.offer(frame);
                offered++;
            }
        }
        traffic.onDelivered(offered);
    }
}
