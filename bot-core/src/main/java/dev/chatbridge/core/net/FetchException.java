package dev.chatbridge.core.net;

/** Why a URL was not fetched; the message is safe to show a user and to log. */
public abstract sealed class FetchException extends Exception {

    private FetchException(String message) {
        super(message);
    }

    /** The URL (or a redirect) points somewhere a user-supplied URL must not reach, or is not http(s). */
    public static final class Refused extends FetchException {
        public Refused(String message) {
            super(message);
        }
    }

    /** The body is larger than the cap. */
    public static final class TooLarge extends FetchException {
        public TooLarge(String message) {
            super(message);
        }
    }

    /** The host answered an error, did not answer in time, or could not be reached. */
    public static final class Failed extends FetchException {
        public Failed(String message) {
            super(message);
        }
    }
}
