package bench.plain;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stateful chat written the obvious way: JSON in, one encoded string sent to every other connection;
 * {@code hello} is answered with a {@code welcome}.
 */
@WebSocket(path = "/")
public class ChatSocket {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final String ID = "chat-id";

    @Inject
    WebSocketConnection connection;

    @OnOpen
    public Uni<Void> onOpen() {
        int id = IDS.incrementAndGet();
        connection.userData().put(io.quarkus.websockets.next.UserData.TypedKey.forInt(ID), id);
        return toOthers(new JsonObject().put("type", "client:connected").put("payload", "Client " + id + " connected"));
    }

    @OnTextMessage
    public Uni<Void> onMessage(String text) {
        JsonObject msg = new JsonObject(text);
        if ("hello".equals(msg.getString("type"))) {
            return connection.sendText(new JsonObject().put("type", "welcome").put("id", msg.getValue("id"))
                    .put("payload", new JsonObject().put("client", id()).put("rooms", new io.vertx.core.json.JsonArray().add("lobby")))
                    .encode());
        }
        if (!"broadcast".equals(msg.getString("type"))) {
            return Uni.createFrom().voidItem();
        }
        return toOthers(new JsonObject().put("type", "broadcast").put("payload", msg.getValue("payload")).put("from", id()));
    }

    @OnClose
    public Uni<Void> onClose() {
        return toOthers(new JsonObject().put("type", "client:disconnected").put("payload", "Client " + id() + " disconnected"));
    }

    private int id() {
        return connection.userData().get(io.quarkus.websockets.next.UserData.TypedKey.forInt(ID));
    }

    private Uni<Void> toOthers(JsonObject frame) {
        String self = connection.id();
        return connection.broadcast().filter(c -> !c.id().equals(self)).sendText(frame.encode());
    }
}
