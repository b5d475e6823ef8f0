package io.switchboard.backplane.redis;

/** A request that needs Redis while the Redis it needs is not connected. */
final class RedisUnavailableException extends RuntimeException {

    RedisUnavailableException(String message) {
        super(message, null, false, false);
    }
}
