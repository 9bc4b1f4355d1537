package dev.chatbridge.core.chat;

/** Tokens the gateway counted: what was sent (prompt) and what the model wrote (completion). */
public record TokenUsage(long promptTokens, long completionTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }

    public long total() {
        return promptTokens + completionTokens;
    }
}
