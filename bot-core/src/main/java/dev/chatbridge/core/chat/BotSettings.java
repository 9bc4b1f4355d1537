package dev.chatbridge.core.chat;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Chat behaviour the operator configures: default model and system prompt, how many tokens of
 * history go to the model, how long the gateway may stay silent, whether a group shares one
 * context, and the most tokens one answer may take ({@code maxTokens}, sent as the request's
 * {@code max_tokens}; 0 sends none and leaves the cap to the model), and the bounds of what users
 * may tune in {@code /settings}.
 */
public record BotSettings(
        String defaultModel,
        @Nullable String defaultSystemPrompt,
        int contextTokenBudget,
        Duration idleTimeout,
        boolean sharedGroupContext,
        int maxTokens,
        AnswerTuning tuning) {

    /** The operator's default cap on an answer's tokens. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    public BotSettings {
        Objects.requireNonNull(defaultModel, "defaultModel");
        Objects.requireNonNull(tuning, "tuning");
        if (contextTokenBudget < 256) {
            throw new IllegalArgumentException("contextTokenBudget must be at least 256");
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens cannot be negative (0 sends no cap)");
        }
    }

    /** With the default temperature bounds. */
    public BotSettings(
            String defaultModel,
            @Nullable String defaultSystemPrompt,
            int contextTokenBudget,
            Duration idleTimeout,
            boolean sharedGroupContext,
            int maxTokens) {
        this(
                defaultModel,
                defaultSystemPrompt,
                contextTokenBudget,
                idleTimeout,
                sharedGroupContext,
                maxTokens,
                AnswerTuning.DEFAULTS);
    }

    /** With the default cap on an answer's tokens. */
    public BotSettings(
            String defaultModel,
            @Nullable String defaultSystemPrompt,
            int contextTokenBudget,
            Duration idleTimeout,
            boolean sharedGroupContext) {
        this(
                defaultModel,
                defaultSystemPrompt,
                contextTokenBudget,
                idleTimeout,
                sharedGroupContext,
                DEFAULT_MAX_TOKENS);
    }
}
