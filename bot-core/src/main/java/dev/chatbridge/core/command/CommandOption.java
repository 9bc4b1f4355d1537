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
 * @param kind a word of the command's text, or a picture the user attaches (Discord: an attachment option;
 *     elsewhere the message's own photos, so it is not part of the text)
 */
public record CommandOption(
        String name, boolean required, String descriptionKey, List<String> choices, boolean autocomplete, Kind kind) {

    /** What the option's value is. */
    public enum Kind {
        TEXT,
        PICTURE
    }

    public CommandOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(descriptionKey, "descriptionKey");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
    }

    static CommandOption required(String name, String descriptionKey) {
        return new CommandOption(name, true, descriptionKey, List.of(), false, Kind.TEXT);
    }

    static CommandOption optional(String name, String descriptionKey) {
        return new CommandOption(name, false, descriptionKey, List.of(), false, Kind.TEXT);
    }

    /** A picture the user attaches; required or not. */
    static CommandOption picture(String name, boolean required, String descriptionKey) {
        return new CommandOption(name, required, descriptionKey, List.of(), false, Kind.PICTURE);
    }

    CommandOption withChoices(String... values) {
        return new CommandOption(name, required, descriptionKey, List.of(values), autocomplete, kind);
    }

    CommandOption autocompleted() {
        return new CommandOption(name, required, descriptionKey, choices, true, kind);
    }

    public boolean picture() {
        return kind == Kind.PICTURE;
    }

    public String description(Language language) {
        return Messages.get(descriptionKey, language);
    }

    /** How help shows it: {@code <prompt>} when required, {@code [prompt]} when not. */
    String placeholder() {
        return required ? "<" + name + ">" : "[" + name + "]";
    }
}
