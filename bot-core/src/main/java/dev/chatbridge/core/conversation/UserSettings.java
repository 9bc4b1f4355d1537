package dev.chatbridge.core.conversation;

import dev.chatbridge.core.text.Language;
import org.jspecify.annotations.Nullable;

/**
 * What a user chose for themselves; null means "use the default".
 *
 * @param language the tag of the language chosen with {@code /language} ({@link Language#code()}),
 *     which wins over the client's language; null follows the client
 */
public record UserSettings(
        @Nullable String model,
        @Nullable String systemPrompt,
        @Nullable String language) {

    /** The settings hash fields, as {@link ConversationStore#updateSettings} takes them. */
    public static final String MODEL = "model";

    public static final String SYSTEM = "system";
    public static final String LANGUAGE = "language";

    public static final UserSettings DEFAULTS = new UserSettings(null, null, null);

    public String modelOr(String defaultModel) {
        return model != null ? model : defaultModel;
    }

    /** The language to answer in: the user's choice, else their client's ({@code client}). */
    public Language languageOr(Language client) {
        return language == null ? client : Language.parse(language).orElse(client);
    }
}
