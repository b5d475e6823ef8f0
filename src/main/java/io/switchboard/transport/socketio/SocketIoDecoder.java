package io.switchboard.transport.socketio;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the Socket.IO packets of one connection. A BINARY_EVENT or BINARY_ACK is followed by as
 * many binary messages as it announces; the decoder holds it until the last one has come and then
 * returns it with the binary values in place (as EVENT or ACK). Anything out of order is malformed:
 * text while attachments are awaited, or binary when none are. Not thread-safe: one per
 * connection, used from its thread.
 */
public final class SocketIoDecoder {
    private SocketIoPacket pending;
    private int expected;
    private final List<byte[]> attachments = new ArrayList<>();

    /**
     * Takes a text message.
     *
     * @return the packet, or null when it announces attachments still to come
     * @throws MalformedPacketException if the text is not a valid packet, or attachments were due
     */
    public SocketIoPacket add(String text) throws MalformedPacketException {
        if (pending != null) {
            throw new MalformedPacketException("got text while waiting for binary attachments");
        }
        SocketIoCodec.Header header = SocketIoCodec.decode(text);
        SocketIoPacket packet = header.packet();
        if (!packet.type().isBinary()) {
            return packet;
        }
        SocketIoPacket.Type plain = packet.type() == SocketIoPacket.Type.BINARY_EVENT
                ? SocketIoPacket.Type.EVENT : SocketIoPacket.Type.ACK;
        packet = new SocketIoPacket(plain, packet.namespace(), packet.id(), packet.data());
        if (header.attachments() == 0) {
            return packet;
        }
        pending = packet;
        expected = header.attachments();
        return null;
    }

    /**
     * Takes a binary message: the next attachment of the packet being reassembled.
     *
     * @return the complete packet after its last attachment, otherwise null
     * @throws MalformedPacketException if no attachment was due, or a placeholder is wrong
     */
    public SocketIoPacket add(byte[] binary) throws MalformedPacketException {
        if (pending == null) {
            throw new MalformedPacketException("got binary data while not reassembling a packet");
        }
        attachments.add(binary);
        if (attachments.size() < expected) {
            return null;
        }
        SocketIoPacket packet = pending;
        try {
            return new SocketIoPacket(packet.type(), packet.namespace(), packet.id(),
                    SocketIoCodec.reconstruct(packet.data(), attachments));
        } finally {
            reset();
        }
    }

    /** Drops a packet being reassembled (the connection closed). */
    public void reset() {
        pending = null;
        expected = 0;
        attachments.clear();
    }
}
