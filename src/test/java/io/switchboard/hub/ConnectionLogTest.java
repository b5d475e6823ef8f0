package io.switchboard.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.WsClient;

/** Log lines about one connection carry its ids in the MDC, whichever thread writes them. */
@QuarkusTest
class ConnectionLogTest {

    @TestHTTPResource("/")
    URI uri;

    @Test
    void connectKickAndDisconnectLinesNameTheClientAndItsConnection() {
        Logger hubLog = Logger.getLogger(Hub.class.getName());
        List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext) {
                    ext.copyMdc();
                    records.add(ext);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = hubLog.getLevel();
        hubLog.setLevel(Level.FINE);
        hubLog.addHandler(handler);
        try (WsClient a = WsClient.open(uri, "/")) {
            long id = a.hello();
            given().header("Authorization", "Bearer test-key").queryParam("reason", "log test")
                    .delete("/api/clients/" + id).then().statusCode(204);
            assertThat(a.closeCode()).isEqualTo(4500);
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(records, id).size() >= 3);
            for (ExtLogRecord record : lines(records, id)) {
                Map<String, String> mdc = record.getMdcCopy();
                assertThat(mdc).containsEntry(ConnectionLog.CLIENT, Long.toString(id));
                assertThat(mdc.get(ConnectionLog.CONNECTION)).isNotBlank();
            }
            assertThat(lines(records, id)).extracting(ExtLogRecord::getFormattedMessage)
                    .contains("client " + id + " connected", "client " + id + " kicked: log test",
                            "client " + id + " disconnected");
        } finally {
            hubLog.removeHandler(handler);
            hubLog.setLevel(level);
        }
    }

    private static List<ExtLogRecord> lines(List<ExtLogRecord> records, long id) {
        return records.stream().filter(r -> r.getFormattedMessage().startsWith("client " + id + " ")).toList();
    }
}
