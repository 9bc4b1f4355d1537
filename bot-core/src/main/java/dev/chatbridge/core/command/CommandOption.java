package dev.chatbridge.core.command;

import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Messages;
import java.util.List;
import java.util.Objects;

/**
 * One option of a command, in the order its words follow the command in text. Platforms with typed
 * options (Discord's slash commands) show it with its description (in the bundles, under
 * {@link #descriptionKey}) and choices.
 *
 * @param autocomplete whether the platform should offer completions (e.g. model names) while typing
 */
public record CommandOption(
        String name, boolean required, String descriptionKey, List<String> choices, boolean autocomplete) {

    public CommandOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(descriptionKey, "descriptionKey");
        choices = List.copyOf(choices);
    }

    static CommandOption required(String name, String descriptionKey) {
        return new CommandOption(name, true, descriptionKey, List.of(), false);
    }

    static CommandOption optional(String name, String descriptionKey) {
        return new CommandOption(name, false, descriptionKey, List.of(), false);
    }

    CommandOption withChoices(String... values) {
        return new CommandOption(name, required, descriptionKey, List.of(values), autocomplete);
    }

    CommandOption autocompleted() {
        return new CommandOption(name, required, descriptionKey, choices, true);
    }

    public String description(Language language) {
        return Messages.get(descriptionKey, language);
    }

    /** How help shows it: {@code <prompt>} when required, {@code [prompt]} when not. */
    String placeholder() {
        return required ? "<" + name + ">" : "[" + name + "]";
    }
}
