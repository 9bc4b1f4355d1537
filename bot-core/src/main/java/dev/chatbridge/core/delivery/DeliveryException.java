package dev.chatbridge.core.delivery;

import java.time.Duration;

/** Why a platform refused a call; each kind gets its own handling in {@link StreamingReply}. */
public abstract sealed class DeliveryException extends Exception {

    private DeliveryException(String message) {
        super(message);
    }

    /** Flood control (HTTP 429): nothing may be sent to this chat before {@code retryAfter}. */
    public static final class RateLimited extends DeliveryException {
        private final Duration retryAfter;

        public RateLimited(Duration retryAfter, String message) {
            super(message);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The platform could not parse the rendered markup (or it grew too long); send plain text instead. */
    public static final class MarkupRejected extends DeliveryException {
        public MarkupRejected(String message) {
            super(message);
        }
    }

    /** The message to edit no longer exists (deleted by the user). */
    public static final class MessageGone extends DeliveryException {
        public MessageGone(String message) {
            super(message);
        }
    }

    /** Anything else: network trouble, the bot was blocked, a server error. */
    public static final class Failed extends DeliveryException {
        public Failed(String message) {
            super(message);
        }
    }
}
