package io.switchboard.protocol;

/**
 * One parsed client request on the hub socket. Raw JSON is kept as the exact bytes the client sent
 * so that it can be forwarded without being decoded and re-encoded. Absent fields are null (or
 * false for flags).
 *
 * @param type the request type, never null
 * @param id the request id as raw JSON (a string with its quotes, or a number), or null
 * @param room the room field
 * @param to the {@code to} field of a direct message
 * @param payload the payload as raw JSON bytes
 * @param since the {@code since} position of a resuming join
 * @param history how many past messages a join asks for
 * @param events whether a join wants {@code room:joined}/{@code room:left} notices (null: yes)
 * @param volatileFlag whether a publish is volatile
 * @param key the state key of {@code set}/{@code unset}
 * @param value the state value of {@code set} as raw JSON bytes
 * @param token a connection token ({@code auth})
 */
public record Request(String type, String id, String room, Long to, byte[] payload, Position since,
        Integer history, Boolean events, boolean volatileFlag, String key, byte[] value, String token) {

    /** A request with only the common fields, for transports that build requests themselves. */
    public static Request of(String type, String id, String room, byte[] payload) {
        return new Request(type, id, room, null, payload, null, null, null, false, null, null, null);
    }

    /** Whether the join wants presence notices ({@code events} absent or true). */
    public boolean wantsEvents() {
        return events == null || events;
    }
}
