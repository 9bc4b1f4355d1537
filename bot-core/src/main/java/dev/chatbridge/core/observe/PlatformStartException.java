package dev.chatbridge.core.observe;

/**
 * Why an adapter could not start, in the two cases the application treats differently: a platform it cannot reach
 * (network down, DNS, a blocked host or proxy, the platform's own 5xx or 429) is worth trying again later while the
 * other platforms work; a token the platform rejects will never work and stops the application at once.
 */
public abstract sealed class PlatformStartException extends Exception {

    private PlatformStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The platform could not be reached; the same start may succeed later. */
    public static final class Unreachable extends PlatformStartException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The platform refused the bot token (e.g. Telegram 401/404 on getMe, Discord 401 or close code 4004). */
    public static final class TokenRejected extends PlatformStartException {
        public TokenRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
