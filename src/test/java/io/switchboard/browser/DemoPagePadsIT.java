package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The bang pad (raw socket {@code /raw/bang}) and the shared XY pad (room {@code xy}). */
class DemoPagePadsIT extends BrowserTestBase {

    @Test
    void aBangReachesEveryPageIncludingTheSender() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();

        alice.bang();

        assertThat(alice.bangCount()).hasText("1");
        assertThat(bob.bangCount()).hasText("1");
        assertThat(bob.page.locator("#bang-last")).hasText("last from Client " + alice.clientId());

        bob.bang();

        assertThat(alice.bangCount()).hasText("2");
        assertThat(bob.bangCount()).hasText("2");
    }

    @Test
    void xyMovesOnOnePageShowAsALiveCursorOnTheOther() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();
        int aliceId = alice.clientId();

        alice.moveOnXyPad(0.25, 0.75);

        assertThat(bob.cursorOf(aliceId)).hasAttribute("data-x", near(0.25));
        assertThat(bob.cursorOf(aliceId)).hasAttribute("data-y", near(0.75));

        alice.moveOnXyPad(0.8, 0.1);

        assertThat(bob.cursorOf(aliceId)).hasAttribute("data-x", near(0.8));
        assertThat(bob.cursorOf(aliceId)).hasAttribute("data-y", near(0.1));
        assertThat(bob.cursorOf(aliceId).locator(".label")).hasText(String.valueOf(aliceId));
    }

    @Test
    void xyMovesGoOutAsVolatileMessagesInARoomJoinedWithoutMemberNotices() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();
        int aliceId = alice.clientId();

        alice.moveOnXyPad(0.4, 0.6);
        assertThat(bob.cursorOf(aliceId)).hasAttribute("data-x", near(0.4));

        // On the wire, as Chromium sent and received them.
        List<JsonNode> published = frames(alice.sentFrames(), "publish", "xy");
        Assertions.assertThat(published).isNotEmpty().allSatisfy(frame -> {
            Assertions.assertThat(frame.path("volatile").asBoolean(false)).as("volatile in %s", frame).isTrue();
            Assertions.assertThat(frame.has("id")).as("id in %s", frame).isFalse();
        });
        List<JsonNode> delivered = frames(bob.receivedFrames(), "message", "xy");
        Assertions.assertThat(delivered).isNotEmpty().allSatisfy(
                frame -> Assertions.assertThat(frame.has("offset")).as("offset in %s", frame).isFalse());
        Assertions.assertThat(frames(alice.sentFrames(), "join", "xy")).singleElement()
                .satisfies(join -> Assertions.assertThat(join.path("events").isBoolean() && !join.path("events").asBoolean()).isTrue());
        Assertions.assertThat(frames(alice.receivedFrames(), "joined", "xy")).singleElement()
                .satisfies(joined -> Assertions.assertThat(joined.path("payload").has("clients")).isFalse());
        // bob joined xy after alice, and alice heard nothing of it.
        Assertions.assertThat(frames(alice.receivedFrames(), "room:joined", "xy")).isEmpty();
    }

    @Test
    void thePageUsesTheSwitchboardSubprotocolAndGetsNoLobbyNotices() {
        DemoPage alice = openDemo();
        DemoPage bob = openDemo();
        int bobId = bob.clientId();

        Assertions.assertThat(alice.page.evaluate("() => window.switchboard.protocol")).isEqualTo("switchboard.v1");
        // The chat room still reports bob; the lobby's client:connected never came.
        assertThat(alice.presenceOf(bobId)).isVisible();
        bob.close();
        assertThat(alice.presenceOf(bobId)).hasCount(0);
        Assertions.assertThat(alice.receivedFrames()).noneMatch(frame -> frame.contains("\"type\":\"client:"));
        Assertions.assertThat(frames(alice.receivedFrames(), "room:joined", "chat")).isNotEmpty();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The frames of a type (and room) among raw text frames. */
    private static List<JsonNode> frames(List<String> texts, String type, String room) {
        return texts.stream().map(DemoPagePadsIT::parse)
                .filter(f -> type.equals(f.path("type").asText()) && room.equals(f.path("room").asText()))
                .toList();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** data-x/data-y carry three decimals; the mouse lands within a pixel or two of the target. */
    private static Pattern near(double value) {
        long thousandths = Math.round(value * 1000);
        StringBuilder alternatives = new StringBuilder();
        for (long t = thousandths - 10; t <= thousandths + 10; t++) {
            if (t >= 0 && t <= 1000) {
                alternatives.append(alternatives.length() == 0 ? "" : "|")
                        .append(String.format(java.util.Locale.ROOT, "%.3f", t / 1000.0).replace(".", "\\."));
            }
        }
        return Pattern.compile("^(" + alternatives + ")$");
    }
}
