package io.switchboard.transport.socketio;

import java.time.Duration;
import java.util.List;

import io.switchboard.config.SwitchboardConfig;

/**
 * The settings every Engine.IO session of this server shares.
 *
 * @param pingInterval time between server pings
 * @param pingTimeout time a pong may take
 * @param maxPayload largest POST body or WebSocket message a client may send, in bytes
 * @param maxPendingBytes bytes that may wait for one client before it is closed as a slow consumer
 * @param connectTimeout time a connection has to send its Socket.IO CONNECT
 * @param upgradeTimeout time a WebSocket has to complete the upgrade it started
 * @param closeTimeout time a closing long-polling session waits for a GET to carry its close packet
 * @param feeds rooms every Socket.IO socket joins on connect
 */
record EngineSettings(Duration pingInterval, Duration pingTimeout, int maxPayload, long maxPendingBytes,
        Duration connectTimeout, Duration upgradeTimeout, Duration closeTimeout, List<String> feeds) {

    static EngineSettings of(SwitchboardConfig config) {
        SwitchboardConfig.SocketIo socketio = config.socketio();
        List<String> feeds = socketio.feeds().stream().map(String::trim)
                .filter(feed -> !feed.isEmpty() && !"none".equals(feed)).toList();
        return new EngineSettings(socketio.pingInterval(), socketio.pingTimeout(), socketio.maxPayload(),
                config.limits().maxPendingBytes(), socketio.connectTimeout(), Duration.ofSeconds(10),
                Duration.ofSeconds(30), feeds);
    }

    /** The open packet's data for a session on a transport that can upgrade (or not). */
    String handshake(String sid, boolean canUpgrade) {
        return "{\"sid\":\"" + sid + "\",\"upgrades\":[" + (canUpgrade ? "\"websocket\"" : "") + "],\"pingInterval\":"
                + pingInterval.toMillis() + ",\"pingTimeout\":" + pingTimeout.toMillis() + ",\"maxPayload\":" + maxPayload + "}";
    }
}
