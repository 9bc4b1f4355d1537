package dev.chatbridge.core.conversation;

import org.jspecify.annotations.Nullable;

/** What a user chose for themselves; null means "use the default". */
public record UserSettings(@Nullable String model, @Nullable String systemPrompt) {

    public static final UserSettings DEFAULTS = new UserSettings(null, null);

    public String modelOr(String defaultModel) {
        return model != null ? model : defaultModel;
    }
}
