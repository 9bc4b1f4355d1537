package dev.chatbridge.core.chat;

/**
 * A failure an upstream adapter has already classified (for example an HTTP 401 from the gateway's
 * SDK), so the core reads it without knowing the adapter's exception types.
 */
public final class UpstreamException extends RuntimeException {

    private final UpstreamFailure failure;

    public UpstreamException(UpstreamFailure failure, Throwable cause) {
        super(failure.kind() + ": " + failure.detail(), cause);
        this.failure = failure;
    }

    public UpstreamFailure failure() {
        return failure;
    }
}
