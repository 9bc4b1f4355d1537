package dev.chatbridge.core.voice;

/** A transcription failed; {@link Kind} says whose fault, the message says what (no secrets). */
public final class TranscriptionException extends RuntimeException {

    public enum Kind {
        /** The gateway has no {@code /v1/audio/transcriptions}. */
        NOT_SUPPORTED,
        /** The gateway refused this file (format, size, unknown model): tell the user why. */
        REFUSED,
        /** Network trouble, a timeout, a server error or an unreadable answer. */
        UNAVAILABLE
    }

    private final Kind kind;

    public TranscriptionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
