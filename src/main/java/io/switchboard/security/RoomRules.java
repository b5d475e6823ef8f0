package io.switchboard.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.switchboard.config.SecurityConfig;
import io.switchboard.config.SecurityConfig.Access;
import io.switchboard.config.SecurityConfig.AuthMode;
import io.switchboard.config.SecurityConfig.RoomRule;
import io.switchboard.config.SecurityConfig.SlowConsumer;
import io.switchboard.hub.Principal;
import io.switchboard.hub.Right;
import io.switchboard.hub.RoomPolicy;
import io.switchboard.protocol.RoomPattern;

/**
 * The room access policy: configured namespace rules ({@code switchboard.rooms."pattern".*}) plus
 * the grants in a client's token. A right is allowed when the token grants it for the room, or
 * when the rule that applies lets this client in; a rule of {@code nobody} overrides every grant.
 *
 * <p>For each right the most specific pattern that sets it applies: an exact name first, then the
 * pattern with the most characters other than {@code *}. Rights no rule sets take the defaults of
 * the auth mode: with {@code none} everything works as without security (anyone joins, members
 * publish, anyone asks presence); with {@code optional} / {@code required} joining needs a valid
 * token and presence is for members.
 */
@Singleton
public class RoomRules implements RoomPolicy {
    private static final int DEFAULT_BUFFER = 64;

    private final List<NamedRule> rules;
    private final EnumMap<Right, Access> defaults = new EnumMap<>(Right.class);

    private record NamedRule(RoomPattern pattern, String text, RoomRule rule) {
    }

    @Inject
    RoomRules(SecurityConfig config) {
        this(config.auth().mode(), config.rooms());
    }

    RoomRules(AuthMode mode, Map<String, RoomRule> configured) {
        List<NamedRule> list = new ArrayList<>();
        configured.forEach((pattern, rule) -> list.add(new NamedRule(RoomPattern.of(unquote(pattern)), unquote(pattern), rule)));
        list.sort(Comparator.comparingInt((NamedRule r) -> specificity(r.text())).reversed().thenComparing(NamedRule::text));
        this.rules = List.copyOf(list);
        for (NamedRule r : rules) {
            if (r.rule().join().orElse(null) == Access.MEMBERS) {
                throw new IllegalArgumentException("switchboard.rooms.\"" + r.text()
                        + "\".join=members means nothing: use anyone, authenticated, granted or nobody");
            }
        }
        boolean open = mode == AuthMode.NONE;
        defaults.put(Right.JOIN, open ? Access.ANYONE : Access.AUTHENTICATED);
        defaults.put(Right.PUBLISH, Access.MEMBERS);
        defaults.put(Right.PRESENCE, open ? Access.ANYONE : Access.MEMBERS);
        defaults.put(Right.HISTORY, Access.MEMBERS);
        defaults.put(Right.STATE, Access.MEMBERS);
    }

    /** Exact names first, then the patterns with the most fixed characters. */
    private static int specificity(String pattern) {
        int fixed = pattern.replace("*", "").length();
        return pattern.contains("*") ? fixed : Integer.MAX_VALUE;
    }

    /** Map keys may keep their quotes ({@code "chat:*"}) depending on how they were written. */
    private static String unquote(String key) {
        return key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
    }

    @Override
    public boolean allows(Principal principal, Right right, String room, boolean member) {
        Access access = access(right, room);
        if (access == Access.NOBODY) {
            return false;
        }
        if (principal.grants(right, room)) {
            return true;
        }
        return switch (access) {
            case ANYONE -> true;
            case AUTHENTICATED -> principal.authenticated();
            case MEMBERS -> member;
            case GRANTED, NOBODY -> false;
        };
    }

    /** Who may use {@code right} in {@code room}. */
    Access access(Right right, String room) {
        return setting(room, rule -> switch (right) {
            case JOIN -> rule.join();
            case PUBLISH -> rule.publish();
            case PRESENCE -> rule.presence();
            case HISTORY -> rule.history();
            case STATE -> rule.state();
        }).orElse(defaults.get(right));
    }

    @Override
    public SlowConsumer slowConsumer(String room) {
        return setting(room, RoomRule::slowConsumer).orElse(SlowConsumer.CLOSE);
    }

    @Override
    public int buffer(String room) {
        return setting(room, RoomRule::buffer).orElse(DEFAULT_BUFFER);
    }

    private <T> Optional<T> setting(String room, Function<RoomRule, Optional<T>> field) {
        for (NamedRule r : rules) {
            if (r.pattern().matches(room)) {
                Optional<T> value = field.apply(r.rule());
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }
}
