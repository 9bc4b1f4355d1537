package dev.chatbridge.core.chat;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Chat behaviour the operator configures: default model and system prompt, how many tokens of
 * history go to the model, how long the gateway may stay silent, and whether a group shares one
 * context.
 */
public record BotSettings(
        String defaultModel,
        @Nullable String defaultSystemPrompt,
        int contextTokenBudget,
        Duration idleTimeout,
        boolean sharedGroupContext) {

    public BotSettings {
        Objects.requireNonNull(defaultModel, "defaultModel");
        if (contextTokenBudget < 256) {
            throw new IllegalArgumentException("contextTokenBudget must be at least 256");
        }
    }
}
