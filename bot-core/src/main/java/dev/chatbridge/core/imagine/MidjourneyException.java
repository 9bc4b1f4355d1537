package dev.chatbridge.core.imagine;

/** The proxy could not be reached, answered an HTTP error, or sent something unreadable. */
public final class MidjourneyException extends RuntimeException {

    public enum Kind {
        UNREACHABLE,
        HTTP_ERROR,
        BAD_RESPONSE,
        TOO_LARGE,
        /** The route does not exist on this proxy (HTTP 404 without a submit answer): a speed mode it does not offer. */
        NO_ROUTE
    }

    private final Kind kind;
    private final int httpStatus;

    public MidjourneyException(Kind kind, String message) {
        this(kind, message, 0);
    }

    /** An {@link Kind#HTTP_ERROR} with the status the proxy answered. */
    public MidjourneyException(Kind kind, String message, int httpStatus) {
        super(message);
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of an {@link Kind#HTTP_ERROR}; 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Whether the same request may well succeed a little later: the proxy was unreachable, busy (429) or
     * failing (5xx). A wrong key or base URL (401, 403, 404) is not, and no retry will mend it.
     */
    public boolean transientFailure() {
        return kind == Kind.UNREACHABLE || (kind == Kind.HTTP_ERROR && (httpStatus == 429 || httpStatus >= 500));
    }

    public Kind kind() {
        return kind;
    }
}
