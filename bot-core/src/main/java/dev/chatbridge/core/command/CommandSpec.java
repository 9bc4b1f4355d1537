package dev.chatbridge.core.command;

import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Messages;
import java.util.List;
import java.util.Objects;

/**
 * What a command is, as data that the core's handler, {@code /help} and both adapters read (the
 * Telegram menu, Discord's slash commands): its name and aliases, whether it queues behind the
 * conversation's answers, its menu text (in the bundles, under {@link #descriptionKey}), its options
 * and who may use it.
 *
 * @param queued whether it changes the conversation, so it waits its turn behind answers being
 *     written in that conversation (and is answered by whichever replica holds it)
 * @param question whether its argument is just a question to the model ({@code /chat}, for
 *     platforms where a command cannot be followed by free text)
 * @param listed whether menus, slash commands and help show it ({@code /start} is sent by the
 *     platform itself)
 */
public record CommandSpec(
        String name,
        List<String> aliases,
        boolean queued,
        boolean question,
        boolean listed,
        Audience audience,
        String descriptionKey,
        List<CommandOption> options) {

    /** Who may use a command. */
    public enum Audience {
        EVERYONE,
        /** The operator's {@code BOT_ADMINS}; platforms also hide these from ordinary members where they can. */
        ADMINS
    }

    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(descriptionKey, "descriptionKey");
        aliases = List.copyOf(aliases);
        options = List.copyOf(options);
    }

    /** Its menu text: {@code command.<name>.description} in the bundles. */
    public String description(Language language) {
        return Messages.get(descriptionKey, language);
    }

    /** Shown in a platform's command menu (admin commands and {@code /chat} are left out of Telegram's). */
    public boolean inMenu() {
        return listed && audience == Audience.EVERYONE && !question;
    }

    /** Takes pictures: a photo sent with it, or one it replies to, belongs to the command. */
    public boolean takesPictures() {
        return options.stream().anyMatch(CommandOption::picture);
    }

    boolean answersTo(String word) {
        return name.equals(word) || aliases.contains(word);
    }

    /** Builds a spec: {@code CommandSpec.of("new").aliases("reset").queuedInOrder()}. */
    static CommandSpec of(String name) {
        return new CommandSpec(
                name, List.of(), false, false, true, Audience.EVERYONE, "command." + name + ".description", List.of());
    }

    CommandSpec aliases(String... more) {
        return new CommandSpec(name, List.of(more), queued, question, listed, audience, descriptionKey, options);
    }

    CommandSpec queuedInOrder() {
        return new CommandSpec(name, aliases, true, question, listed, audience, descriptionKey, options);
    }

    CommandSpec asQuestion() {
        return new CommandSpec(name, aliases, queued, true, listed, audience, descriptionKey, options);
    }

    CommandSpec forAdmins() {
        return new CommandSpec(name, aliases, queued, question, listed, Audience.ADMINS, descriptionKey, options);
    }

    CommandSpec unlisted() {
        return new CommandSpec(name, aliases, queued, question, false, audience, descriptionKey, options);
    }

    CommandSpec options(CommandOption... more) {
        return new CommandSpec(name, aliases, queued, question, listed, audience, descriptionKey, List.of(more));
    }
}
