package io.switchboard.protocol;

import java.util.List;

/**
 * A room-name pattern: a name, or a name with {@code *} wildcards that match any run of
 * characters ({@code cursor:*}, {@code *:private}, {@code *}).
 */
public final class RoomPattern {
    private final String pattern;

    private RoomPattern(String pattern) {
        this.pattern = pattern;
    }

    public static RoomPattern of(String pattern) {
        return new RoomPattern(pattern.trim());
    }

    /** The patterns of a comma-separated configuration list, blanks skipped. */
    public static List<RoomPattern> list(List<String> patterns) {
        return patterns.stream().map(String::trim).filter(p -> !p.isEmpty()).map(RoomPattern::new).toList();
    }

    /** Whether any of {@code patterns} matches {@code room}. */
    public static boolean any(List<RoomPattern> patterns, String room) {
        for (RoomPattern p : patterns) {
            if (p.matches(room)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(String room) {
        return matches(room, 0, 0);
    }

    private boolean matches(String s, int si, int pi) {
        while (pi < pattern.length()) {
            char c = pattern.charAt(pi);
            if (c == '*') {
                while (pi < pattern.length() && pattern.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == pattern.length()) {
                    return true;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (matches(s, k, pi)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || s.charAt(si) != c) {
                return false;
            }
            si++;
            pi++;
        }
        return si == s.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
