package dev.chatbridge.core.images;

/** The images API could not draw; {@link Kind} says whose fault, the message says what (no secrets). */
public final class ImagesException extends RuntimeException {

    public enum Kind {
        /** The gateway refused this prompt (content policy, bad size, unknown model): tell the user why. */
        REFUSED,
        /** Neither images route exists on this gateway. */
        NOT_SUPPORTED,
        /** Network trouble, a timeout, a server error or an unreadable answer. */
        UNAVAILABLE
    }

    private final Kind kind;

    public ImagesException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
