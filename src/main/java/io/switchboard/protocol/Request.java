package io.switchboard.protocol;

/**
 * One parsed client request on the hub socket. Raw JSON is kept as the exact bytes the client sent
 * so that it can be forwarded without being decoded and re-encoded.
 *
 * @param type the request type, never null
 * @param id the request id as raw JSON (a string with its quotes, or a number), or null
 * @param room the room field, or null when absent
 * @param to the {@code to} field of a direct message, or null when absent
 * @param payload the payload as raw JSON bytes, or null when absent
 */
public record Request(String type, String id, String room, Long to, byte[] payload) {
}
