package dev.chatbridge.core.quota;

/**
 * The operator's default limits per user; 0 means unlimited. Admins override them per user at
 * runtime ({@code /limit}). {@code maxMessageChars} refuses longer questions before anything else.
 */
public record QuotaSettings(int messagesPerMinute, long dailyTokens, int dailyImageJobs, int maxMessageChars) {

    public QuotaSettings {
        if (messagesPerMinute < 0 || dailyTokens < 0 || dailyImageJobs < 0 || maxMessageChars < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    public static QuotaSettings unlimited() {
        return new QuotaSettings(0, 0, 0, 0);
    }

    public Limits limits() {
        return new Limits(messagesPerMinute, dailyTokens, dailyImageJobs);
    }
}
