package dev.chatbridge.core.command;

import dev.chatbridge.core.text.Language;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One option of a command, in the order its words follow the command in text. Platforms with typed
 * options (Discord's slash commands) show it with its description and choices.
 *
 * @param autocomplete whether the platform should offer completions (e.g. model names) while typing
 */
public record CommandOption(
        String name, boolean required, Map<Language, String> description, List<String> choices, boolean autocomplete) {

    public CommandOption {
        Objects.requireNonNull(name, "name");
        description = Map.copyOf(description);
        choices = List.copyOf(choices);
        for (Language language : Language.values()) {
            if (!description.containsKey(language)) {
                throw new IllegalArgumentException("option " + name + " has no description in " + language);
            }
        }
    }

    static CommandOption required(String name, String english, String chinese) {
        return new CommandOption(name, true, texts(english, chinese), List.of(), false);
    }

    static CommandOption optional(String name, String english, String chinese) {
        return new CommandOption(name, false, texts(english, chinese), List.of(), false);
    }

    CommandOption withChoices(String... values) {
        return new CommandOption(name, required, description, List.of(values), autocomplete);
    }

    CommandOption autocompleted() {
        return new CommandOption(name, required, description, choices, true);
    }

    public String description(Language language) {
        return description.get(language);
    }

    /** How help shows it: {@code <prompt>} when required, {@code [prompt]} when not. */
    String placeholder() {
        return required ? "<" + name + ">" : "[" + name + "]";
    }

    static Map<Language, String> texts(String english, String chinese) {
        return Map.of(Language.EN, english, Language.ZH, chinese);
    }
}
