package io.switchboard.bench.loader;

import java.net.URI;

/**
 * Where a client connects and which framing it speaks.
 *
 * @param uri WebSocket URI (for Socket.IO the Engine.IO endpoint)
 * @param socketIo true for Engine.IO 4 / Socket.IO 5 framing over the WebSocket
 * @param namespace Socket.IO namespace ("" for the default one); unused for plain WebSocket
 * @param subprotocol WebSocket subprotocol to offer, or null for none
 */
record Target(URI uri, boolean socketIo, String namespace, String subprotocol) {

    /** The hub subprotocol: a client that negotiates it gets no lobby notices. */
    static final String V1 = "switchboard.v1";

    static Target ws(String host, int port, String path) {
        return new Target(URI.create("ws://" + host + ":" + port + path), false, "", null);
    }

    static Target socketIo(String host, int port, String namespace) {
        return new Target(URI.create("ws://" + host + ":" + port + "/socket.io/?EIO=4&transport=websocket"), true, namespace,
                null);
    }

    /** The same endpoint, offering {@code protocol} (null: none). */
    Target offering(String protocol) {
        return new Target(uri, socketIo, namespace, protocol);
    }

    /** Text of a chat broadcast carrying {@code payload} (a JSON string body without quotes or escapes). */
    String broadcast(String payload) {
        return socketIo ? "42" + nsPrefix() + "[\"broadcast\",\"" + payload + "\"]"
                : "{\"type\":\"broadcast\",\"payload\":\"" + payload + "\"}";
    }

    /** Text sent to the echo endpoint. */
    String echo(String payload) {
        return socketIo ? "42" + nsPrefix() + "[\"echo\",\"" + payload + "\"]" : payload;
    }

    /** Overhead in bytes that {@link #broadcast} adds around the payload. */
    int broadcastOverhead() {
        return broadcast("").length();
    }

    String nsPrefix() {
        return namespace.isEmpty() ? "" : namespace + ",";
    }
}
