package dev.chatbridge.core.quota;

import java.time.Duration;

/**
 * A chat turn's quota work, one storage step each, for storage that can run it there (Redis runs each as one
 * script): {@link LimitedQuotas} otherwise reads the limits, checks each bucket and counts the usage one call at a
 * time. Both ways decide the same.
 */
public interface QuotaSteps {

    /**
     * Reads the user's effective limits, refuses when today's tokens are spent or the rate per minute is reached,
     * else takes one message from the rate; counts the message, or the refusal, in the ledger.
     */
    ChatCheck admitChat(QuotaUser user);

    /** Charges the tokens an answer used to today's budget (even past it) and counts them in the ledger. */
    void recordTokens(QuotaUser user, long promptTokens, long completionTokens);

    /** The verdict, the effective limits it was made with, and how long until a refused user may ask again. */
    record ChatCheck(Refusal refusal, Limits limits, Duration refillIn) {

        public enum Refusal {
            NONE,
            DAILY_TOKENS,
            MESSAGES_PER_MINUTE
        }
    }
}
