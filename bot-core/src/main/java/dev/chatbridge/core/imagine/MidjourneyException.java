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

    public MidjourneyException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
