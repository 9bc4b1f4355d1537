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

    /**
     * The bot may no longer write to this chat at all (Telegram's 403: the user blocked the bot or
     * was deleted, the bot was removed from the group). Every later call fails the same way until
     * the user changes that, so nothing is retried and the answer stops at once.
     */
    public static final class ChatGone extends DeliveryException {
        public ChatGone(String message) {
            super(message);
        }
    }

    /** Anything else: network trouble, a server error. */
    public static final class Failed extends DeliveryException {
        public Failed(String message) {
            super(message);
        }
    }
}
