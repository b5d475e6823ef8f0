package io.switchboard.transport.socketio;

import java.security.SecureRandom;
import java.util.Base64;

/** Ids that grant something (an Engine.IO session, a recoverable Socket.IO session), so not guessable. */
final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** 20 characters of URL-safe base64 over 120 random bits. */
    static String next() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
