package io.switchboard.hub;

import java.util.Arrays;

import io.switchboard.protocol.Frame;

/**
 * The local members of one room, grouped by lane. Groups are immutable and replaced on change, so
 * delivery reads a consistent snapshot without locks; membership changes are serialised by the
 * registry.
 */
final class Room {
    private static final Group[] NO_GROUPS = new Group[0];

    final String name;
    private volatile Group[] groups = NO_GROUPS;
    private int size;

    Room(String name) {
        this.name = name;
    }

    /** Adds {@code client}; false if it was already here. Caller holds the registry's lock. */
    boolean add(Client client) {
        Lane lane = client.session().lane();
        Group[] current = groups;
        for (int i = 0; i < current.length; i++) {
            if (current[i].lane == lane) {
                if (current[i].indexOf(client) >= 0) {
                    return false;
                }
                Group[] next = current.clone();
                next[i] = current[i].with(client);
                groups = next;
                size++;
                return true;
            }
        }
        Group[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = new Group(lane, new Client[] {client});
        groups = next;
        size++;
        return true;
    }

    /** Removes {@code client}; false if it was not here. Caller holds the registry's lock. */
    boolean remove(Client client) {
        Group[] current = groups;
        for (int i = 0; i < current.length; i++) {
            int at = current[i].indexOf(client);
            if (at >= 0) {
                Group shrunk = current[i].without(at);
                Group[] next;
                if (shrunk == null) {
                    next = new Group[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                } else {
                    next = current.clone();
                    next[i] = shrunk;
                }
                groups = next;
                size--;
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /**
     * Writes {@code frame} to every member but {@code except} (0 for none): inline for the lane we
     * are on, one task per other lane.
     */
    void deliver(Frame frame, long except) {
        for (Group group : groups) {
            if (group.lane.inLane()) {
                group.write(frame, except);
            } else {
                group.lane.execute(() -> group.write(frame, except));
            }
        }
    }

    private static final class Group {
        final Lane lane;
        final Client[] members;

        Group(Lane lane, Client[] members) {
            this.lane = lane;
            this.members = members;
        }

        int indexOf(Client client) {
            for (int i = 0; i < members.length; i++) {
                if (members[i] == client) {
                    return i;
                }
            }
            return -1;
        }

        Group with(Client client) {
            Client[] next = Arrays.copyOf(members, members.length + 1);
            next[members.length] = client;
            return new Group(lane, next);
        }

        Group without(int index) {
            if (members.length == 1) {
                return null;
            }
            Client[] next = new Client[members.length - 1];
            System.arraycopy(members, 0, next, 0, index);
            System.arraycopy(members, index + 1, next, index, members.length - index - 1);
            return new Group(lane, next);
        }

        void write(Frame frame, long except) {
            for (Client member : members) {
                if (except == Client.ANONYMOUS || member.id() != except) {
                    member.session().write(frame);
                }
            }
        }
    }
}
