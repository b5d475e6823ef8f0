package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.switchboard.config.SecurityConfig.Access;
import io.switchboard.config.SecurityConfig.AuthMode;
import io.switchboard.config.SecurityConfig.RoomRule;
import io.switchboard.config.SecurityConfig.SlowConsumer;
import io.switchboard.hub.Principal;
import io.switchboard.hub.Right;
import io.switchboard.protocol.RoomPattern;

/** Which rule applies to a room, the defaults of each mode, and how grants and rules combine. */
class RoomRulesTest {

    private static RoomRule rule(Access join, Access publish, Access presence, SlowConsumer slow) {
        return new RoomRule() {
            public Optional<Access> join() {
                return Optional.ofNullable(join);
            }

            public Optional<Access> publish() {
                return Optional.ofNullable(publish);
            }

            public Optional<Access> presence() {
                return Optional.ofNullable(presence);
            }

            public Optional<Access> history() {
                return Optional.empty();
            }

            public Optional<Access> state() {
                return Optional.empty();
            }

            public Optional<SlowConsumer> slowConsumer() {
                return Optional.ofNullable(slow);
            }

            public Optional<Integer> buffer() {
                return Optional.empty();
            }
        };
    }

    private static final Principal ALICE = new Identity("alice", 0,
            List.of(new Identity.Grant(RoomPattern.of("team:*"), EnumSet.of(Right.JOIN, Right.PUBLISH))));

    @Test
    void theMostSpecificPatternThatSetsARightWins() {
        RoomRules rules = new RoomRules(AuthMode.NONE, Map.of(
                "*", rule(Access.GRANTED, null, null, null),
                "chat:*", rule(Access.ANYONE, null, null, SlowConsumer.DROP_OLDEST),
                "chat:vip", rule(null, Access.NOBODY, null, null),
                "\"xy\"", rule(null, null, null, SlowConsumer.LATEST_ONLY)));
        assertThat(rules.access(Right.JOIN, "lounge")).isEqualTo(Access.GRANTED);
        assertThat(rules.access(Right.JOIN, "chat:vip")).isEqualTo(Access.ANYONE);
        assertThat(rules.access(Right.PUBLISH, "chat:vip")).isEqualTo(Access.NOBODY);
        assertThat(rules.access(Right.PUBLISH, "chat:other")).isEqualTo(Access.MEMBERS);
        assertThat(rules.slowConsumer("chat:vip")).isEqualTo(SlowConsumer.DROP_OLDEST);
        assertThat(rules.slowConsumer("xy")).isEqualTo(SlowConsumer.LATEST_ONLY);
        assertThat(rules.slowConsumer("lounge")).isEqualTo(SlowConsumer.CLOSE);
    }

    @Test
    void defaultsAreOpenWithoutAuthAndNeedATokenWithIt() {
        RoomRules open = new RoomRules(AuthMode.NONE, Map.of());
        assertThat(open.allows(Principal.ANONYMOUS, Right.JOIN, "any", false)).isTrue();
        assertThat(open.allows(Principal.ANONYMOUS, Right.PRESENCE, "any", false)).isTrue();
        RoomRules closed = new RoomRules(AuthMode.REQUIRED, Map.of());
        assertThat(closed.allows(Principal.ANONYMOUS, Right.JOIN, "any", false)).isFalse();
        assertThat(closed.allows(ALICE, Right.JOIN, "any", false)).isTrue();
        assertThat(closed.allows(ALICE, Right.PRESENCE, "any", false)).isFalse();
        assertThat(closed.allows(ALICE, Right.PRESENCE, "any", true)).isTrue();
    }

    @Test
    void grantsOpenWhatRulesReserveExceptNobody() {
        RoomRules rules = new RoomRules(AuthMode.REQUIRED, Map.of(
                "team:*", rule(Access.GRANTED, Access.GRANTED, null, null),
                "team:news", rule(null, Access.NOBODY, null, null)));
        assertThat(rules.allows(ALICE, Right.JOIN, "team:a", false)).isTrue();
        assertThat(rules.allows(ALICE, Right.PUBLISH, "team:a", true)).isTrue();
        assertThat(rules.allows(ALICE, Right.PUBLISH, "team:news", true)).isFalse();
        Principal bob = new Identity("bob", 0, List.of());
        assertThat(rules.allows(bob, Right.JOIN, "team:a", false)).isFalse();
    }

    @Test
    void joinForMembersIsAConfigurationError() {
        assertThatThrownBy(() -> new RoomRules(AuthMode.NONE, Map.of("x", rule(Access.MEMBERS, null, null, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("join=members");
    }
}
