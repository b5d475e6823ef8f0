package bench.plain;

import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;

/** Sends every text frame back. */
@WebSocket(path = "/echo")
public class EchoSocket {

    @OnTextMessage
    public String onMessage(String text) {
        return text;
    }
}
