package dev.chatbridge.core.chat;

/** Tokens one answer cost, as the gateway reported them in its final stream chunk. */
public record TokenUsage(long promptTokens, long completionTokens) {

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }
}
