package io.switchboard.hub;

/**
 * Told when a room gains its first local member and when it loses its last one, so that work
 * bound to a room (a feed) runs only while somebody here listens. Called under the room's lock:
 * implementations must be quick and must not call back into the hub's room methods.
 */
public interface RoomActivity {

    void active(String room);

    void idle(String room);
}
