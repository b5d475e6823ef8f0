package io.switchboard.hub;

/**
 * Who a connection is: the user its token names, when the token expires and which rooms it grants.
 * Anonymous connections have {@link #ANONYMOUS}. Immutable; a refreshed token gives a new one.
 */
public interface Principal {

    /** A connection without a token. */
    Principal ANONYMOUS = new Principal() {
        @Override
        public String user() {
            return null;
        }

        @Override
        public long expiresAt() {
            return 0;
        }

        @Override
        public boolean grants(Right right, String room) {
            return false;
        }

        @Override
        public String toString() {
            return "anonymous";
        }
    };

    /** The user id (the token's {@code sub}), or null for an anonymous connection. */
    String user();

    /** When the credentials stop being valid, in epoch milliseconds; 0 for never. */
    long expiresAt();

    /** Whether the token explicitly grants {@code right} in {@code room}. */
    boolean grants(Right right, String room);

    /** Whether this principal comes from a verified token. */
    default boolean authenticated() {
        return user() != null;
    }
}
