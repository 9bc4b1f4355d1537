package dev.chatbridge.core.command;

import dev.chatbridge.core.text.Language;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a command is, as data that the core's handler, {@code /help} and both adapters read (the
 * Telegram menu, Discord's slash commands): its name and aliases, whether it queues behind the
 * conversation's answers, its menu text in each language, its options and who may use it.
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
        Map<Language, String> description,
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
        aliases = List.copyOf(aliases);
        description = Map.copyOf(description);
        options = List.copyOf(options);
        for (Language language : Language.values()) {
            if (!description.containsKey(language)) {
                throw new IllegalArgumentException("command " + name + " has no description in " + language);
            }
        }
    }

    public String description(Language language) {
        return description.get(language);
    }

    /** Shown in a platform's command menu (admin commands and {@code /chat} are left out of Telegram's). */
    public boolean inMenu() {
        return listed && audience == Audience.EVERYONE && !question;
    }

    boolean answersTo(String word) {
        return name.equals(word) || aliases.contains(word);
    }

    /** Builds a spec: {@code CommandSpec.of("new", "Start…", "开始…").aliases("reset").queued()}. */
    static CommandSpec of(String name, String english, String chinese) {
        return new CommandSpec(
                name,
                List.of(),
                false,
                false,
                true,
                Audience.EVERYONE,
                CommandOption.texts(english, chinese),
                List.of());
    }

    CommandSpec aliases(String... more) {
        return new CommandSpec(name, List.of(more), queued, question, listed, audience, description, options);
    }

    CommandSpec queuedInOrder() {
        return new CommandSpec(name, aliases, true, question, listed, audience, description, options);
    }

    CommandSpec asQuestion() {
        return new CommandSpec(name, aliases, queued, true, listed, audience, description, options);
    }

    CommandSpec forAdmins() {
        return new CommandSpec(name, aliases, queued, question, listed, Audience.ADMINS, description, options);
    }

    CommandSpec unlisted() {
        return new CommandSpec(name, aliases, queued, question, false, audience, description, options);
    }

    CommandSpec options(CommandOption... more) {
        return new CommandSpec(name, aliases, queued, question, listed, audience, description, List.of(more));
    }
}
