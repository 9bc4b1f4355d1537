package dev.chatbridge.core.quota;

import dev.chatbridge.core.text.Language;
import java.util.Optional;

/**
 * The per-user limits as the use cases see them. Each {@code admit} call either lets the request
 * through (and counts it) or returns the text to show the user, which says when the limit resets;
 * a refused request makes no upstream call.
 */
public interface Quotas {

    /** Before a question goes to the model: length, messages per minute, and what is left of today's tokens. */
    Optional<String> admitChat(QuotaUser user, String question, Language language);

    /** After an answer: the tokens it cost (from the gateway's usage, or estimated), charged to today's budget. */
    void recordTokens(QuotaUser user, long promptTokens, long completionTokens);

    /** Before an image job starts ({@code /imagine}, its buttons, {@code /image}). */
    Optional<String> admitImageJob(QuotaUser user, Language language);

    /** Gives back a job {@link #admitImageJob} counted when no job started (the proxy refused or failed). */
    void refundImageJob(QuotaUser user);

    /** No limits at all: for tests and tools that assemble a core without them. */
    static Quotas unlimited() {
        return new Quotas() {
            @Override
            public Optional<String> admitChat(QuotaUser user, String question, Language language) {
                return Optional.empty();
            }

            @Override
            public void recordTokens(QuotaUser user, long promptTokens, long completionTokens) {}

            @Override
            public Optional<String> admitImageJob(QuotaUser user, Language language) {
                return Optional.empty();
            }

            @Override
            public void refundImageJob(QuotaUser user) {}
        };
    }
}
