package io.switchboard.api;

import io.switchboard.protocol.RoomNames;

/** Path and query parameters, checked here so that a bad one is a 400 problem that says why. */
final class Params {

    private Params() {
    }

    static String room(String room) {
        if (!RoomNames.isValid(room)) {
            throw new ApiProblem(ProblemType.BAD_ROOM, "a room name is 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        return room;
    }

    static long client(String id) {
        return number("client id", id, 1, Long.MAX_VALUE);
    }

    /** A count in {@code 1..max}, or {@code fallback} when absent. */
    static int count(String name, String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return (int) number(name, value, 1, max);
    }

    /** An offset ({@code >= 0}), or null when absent. */
    static Long offset(String name, String value) {
        return value == null || value.isEmpty() ? null : number(name, value, 0, Long.MAX_VALUE);
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String range = max == Long.MAX_VALUE ? "an integer of at least " + min : "an integer from " + min + " to " + max;
        throw new ApiProblem(ProblemType.BAD_REQUEST, name + " must be " + range);
    }
}
