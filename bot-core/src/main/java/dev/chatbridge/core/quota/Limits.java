package dev.chatbridge.core.quota;

/** The limits that apply to one user (defaults, or an admin's override); 0 means unlimited. */
public record Limits(long messagesPerMinute, long dailyTokens, long dailyImageJobs) {

    public long of(LimitKind kind) {
        return switch (kind) {
            case MESSAGES -> messagesPerMinute;
            case TOKENS -> dailyTokens;
            case IMAGES -> dailyImageJobs;
        };
    }

    public Limits with(LimitKind kind, long value) {
        return switch (kind) {
            case MESSAGES -> new Limits(value, dailyTokens, dailyImageJobs);
            case TOKENS -> new Limits(messagesPerMinute, value, dailyImageJobs);
            case IMAGES -> new Limits(messagesPerMinute, dailyTokens, value);
        };
    }
}
