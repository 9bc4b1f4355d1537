package dev.chatbridge.core.imagine;

/** The proxy could not be reached, answered an HTTP error, or sent something unreadable. */
public final class MidjourneyException extends RuntimeException {

    public enum Kind {
        UNREACHABLE,
        HTTP_ERROR,
        BAD_RESPONSE,
        TOO_LARGE
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
