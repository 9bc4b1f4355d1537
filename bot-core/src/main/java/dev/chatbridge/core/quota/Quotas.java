package dev.chatbridge.core.quota;

import dev.chatbridge.core.text.Language;
import java.time.Duration;
import java.util.List;
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

    /**
     * Whether an answer's tokens may be charged by the storage step that saves its turn
     * ({@link QuotaSteps#recordTokens}'s work, in the same round trip) instead of {@link #recordTokens}: true only
     * where these quotas run as {@link QuotaSteps} themselves, so both ways charge alike.
     */
    default boolean chargesWithTurn() {
        return false;
    }

    /** Before an image job starts ({@code /imagine}, its buttons, {@code /image}). */
    Optional<String> admitImageJob(QuotaUser user, Language language);

    /** Gives back a job {@link #admitImageJob} counted when no job started (the proxy refused or failed). */
    void refundImageJob(QuotaUser user);

    /** Today's figures of one user and the limits that apply to them. */
    Usage usage(QuotaUser user);

    /** Today's totals and the {@code topUsers} users with the most tokens. */
    Stats stats(int topUsers);

    /** An admin's override: {@code value} ≥ 0 sets it (0 = unlimited), a negative value returns to the default. */
    void setLimit(QuotaUser user, LimitKind kind, long value);

    /** One user's day: what they used, their limits (0 = unlimited), and tokens left (-1 = unlimited). */
    record Usage(DailyUsage today, Limits limits, long tokensLeft, Duration resetsIn) {}

    /** Today across all users. */
    record Stats(DailyUsage totals, long activeUsers, List<TopUser> top) {}

    /** No limits at all and nothing counted: for tests and tools that assemble a core without them. */
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

            @Override
            public Usage usage(QuotaUser user) {
                return new Usage(DailyUsage.NONE, new Limits(0, 0, 0), -1, Duration.ZERO);
            }

            @Override
            public Stats stats(int topUsers) {
                return new Stats(DailyUsage.NONE, 0, List.of());
            }

            @Override
            public void setLimit(QuotaUser user, LimitKind kind, long value) {}
        };
    }
}
