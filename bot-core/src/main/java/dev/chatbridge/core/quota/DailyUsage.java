package dev.chatbridge.core.quota;

import java.util.Map;

/** One day's figures, of one user or of everyone. */
public record DailyUsage(long messages, long tokensIn, long tokensOut, long images, long refused) {

    public static final DailyUsage NONE = new DailyUsage(0, 0, 0, 0, 0);

    /** From counts by field; a missing field counts 0. */
    public static DailyUsage of(Map<UsageField, Long> counts) {
        return new DailyUsage(
                counts.getOrDefault(UsageField.MESSAGES, 0L),
                counts.getOrDefault(UsageField.TOKENS_IN, 0L),
                counts.getOrDefault(UsageField.TOKENS_OUT, 0L),
                counts.getOrDefault(UsageField.IMAGES, 0L),
                counts.getOrDefault(UsageField.REFUSED, 0L));
    }

    public long tokens() {
        return tokensIn + tokensOut;
    }
}
