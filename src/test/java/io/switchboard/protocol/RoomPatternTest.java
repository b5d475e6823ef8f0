package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RoomPatternTest {

    @Test
    void matchesNamesAndWildcards() {
        assertThat(RoomPattern.of("xy").matches("xy")).isTrue();
        assertThat(RoomPattern.of("xy").matches("xyz")).isFalse();
        assertThat(RoomPattern.of("cursor:*").matches("cursor:")).isTrue();
        assertThat(RoomPattern.of("cursor:*").matches("cursor:room-1")).isTrue();
        assertThat(RoomPattern.of("cursor:*").matches("cursors")).isFalse();
        assertThat(RoomPattern.of("*:private").matches("team:private")).isTrue();
        assertThat(RoomPattern.of("*:private").matches("team:public")).isFalse();
        assertThat(RoomPattern.of("a*b*c").matches("aXXbYYc")).isTrue();
        assertThat(RoomPattern.of("a*b*c").matches("aXXcYYb")).isFalse();
        assertThat(RoomPattern.of("*").matches("anything")).isTrue();
    }

    @Test
    void readsAConfigurationList() {
        List<RoomPattern> patterns = RoomPattern.list(List.of(" xy", "", "cursor:* "));
        assertThat(patterns).hasSize(2);
        assertThat(RoomPattern.any(patterns, "cursor:1")).isTrue();
        assertThat(RoomPattern.any(patterns, "chat")).isFalse();
    }
}
