package dev.chatbridge.core.conversation;

import dev.chatbridge.core.text.Language;
import org.jspecify.annotations.Nullable;

/**
 * What a user chose for themselves; null means "use the operator's default". Stored as text in
 * the user's settings hash, so a value that no longer parses (edited by hand) reads as unset.
 *
 * @param language the tag of the language chosen with {@code /language} ({@link Language#code()}),
 *     which wins over the client's language; null follows the client
 * @param temperature the sampling temperature chosen in {@code /settings}
 * @param maxTokens the answer length chosen in {@code /settings} ({@code max_tokens})
 * @param imageDetail how closely the model looks at pictures: {@code low}, {@code high} or {@code auto}
 * @param speedMode the Midjourney speed mode chosen in {@code /settings}: {@code relax}, {@code fast} or {@code turbo}
 */
public record UserSettings(
        @Nullable String model,
        @Nullable String systemPrompt,
        @Nullable String language,
        @Nullable Double temperature,
        @Nullable Integer maxTokens,
        @Nullable String imageDetail,
        @Nullable String speedMode) {

    /** The settings hash fields, as {@link ConversationStore#updateSettings} takes them. */
    public static final String MODEL = "model";

    public static final String SYSTEM = "system";
    public static final String LANGUAGE = "language";
    public static final String TEMPERATURE = "temperature";
    public static final String MAX_TOKENS = "max_tokens";
    public static final String IMAGE_DETAIL = "detail";
    public static final String SPEED_MODE = "mj_mode";

    public static final UserSettings DEFAULTS = new UserSettings(null, null, null);

    public UserSettings(@Nullable String model, @Nullable String systemPrompt, @Nullable String language) {
        this(model, systemPrompt, language, null, null, null);
    }

    /** Without a speed mode. */
    public UserSettings(
            @Nullable String model,
            @Nullable String systemPrompt,
            @Nullable String language,
            @Nullable Double temperature,
            @Nullable Integer maxTokens,
            @Nullable String imageDetail) {
        this(model, systemPrompt, language, temperature, maxTokens, imageDetail, null);
    }

    /** Reads the stored hash fields (any missing or unreadable one is unset). */
    public static UserSettings fromFields(java.util.Map<?, ?> hash) {
        return new UserSettings(
                (String) hash.get(MODEL),
                (String) hash.get(SYSTEM),
                (String) hash.get(LANGUAGE),
                parseDouble((String) hash.get(TEMPERATURE)),
                parseInt((String) hash.get(MAX_TOKENS)),
                (String) hash.get(IMAGE_DETAIL),
                (String) hash.get(SPEED_MODE));
    }

    public String modelOr(String defaultModel) {
        return model != null ? model : defaultModel;
    }

    /** The language to answer in: the user's choice, else their client's ({@code client}). */
    public Language languageOr(Language client) {
        return language == null ? client : Language.parse(language).orElse(client);
    }

    private static @Nullable Double parseDouble(@Nullable String text) {
        try {
            return text == null ? null : Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable Integer parseInt(@Nullable String text) {
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
