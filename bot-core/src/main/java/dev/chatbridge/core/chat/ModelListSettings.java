package dev.chatbridge.core.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which of the gateway's models users are offered: glob patterns ({@code *} any run of characters, {@code ?} one,
 * case-insensitive) to include (empty: all) and to exclude, and aliases, short names that stand for a model id.
 */
public record ModelListSettings(List<String> include, List<String> exclude, Map<String, String> aliases) {

    /** Gateways list embedding, speech, image and moderation models beside the chat ones; none of them can chat. */
    public static final List<String> DEFAULT_EXCLUDE = List.of(
            "*embed*",
            "*tts*",
            "*whisper*",
            "*transcribe*",
            "dall-e*",
            "gpt-image*",
            "*moderation*",
            "*realtime*",
            "*rerank*",
            "babbage*",
            "davinci*",
            "sora*");

    public ModelListSettings {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        Map<String, String> lowered = new LinkedHashMap<>();
        aliases.forEach((name, id) -> {
            if (name.isBlank() || id.isBlank()) {
                throw new IllegalArgumentException("an alias needs a name and a model id: " + name + "=" + id);
            }
            lowered.put(name.strip().toLowerCase(Locale.ROOT), id.strip());
        });
        aliases = Map.copyOf(lowered);
    }

    /** Everything the gateway lists but the default exclusions, and no aliases. */
    public static ModelListSettings defaults() {
        return new ModelListSettings(List.of(), DEFAULT_EXCLUDE, Map.of());
    }

    /** Aliases from {@code name=model-id} pairs separated by commas, as the configuration writes them. */
    public static Map<String, String> parseAliases(String pairs) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String pair : pairs.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("an alias is name=model-id, not: " + pair.strip());
            }
            aliases.put(
                    pair.substring(0, equals).strip(),
                    pair.substring(equals + 1).strip());
        }
        return aliases;
    }

    /** Whether the operator lets users choose this model id. */
    public boolean offers(String modelId) {
        return (include.isEmpty() || matchesAny(include, modelId)) && !matchesAny(exclude, modelId);
    }

    private static boolean matchesAny(List<String> globs, String modelId) {
        return globs.stream().anyMatch(glob -> glob(glob).matcher(modelId).matches());
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.strip().split("(?=[*?])|(?<=[*?])")) {
            switch (literal) {
                case "*" -> regex.append(".*");
                case "?" -> regex.append('.');
                default -> regex.append(Pattern.quote(literal));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
