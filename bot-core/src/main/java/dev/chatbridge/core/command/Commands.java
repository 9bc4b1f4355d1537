package dev.chatbridge.core.command;

import java.util.List;
import java.util.Optional;

/**
 * Every command the bot offers, in menu order. Adding a command means one spec here and one
 * handler in {@link CommandHandler}; the menus, Discord's slash commands and {@code /help} follow.
 */
public final class Commands {

    private static final CommandOption USER_ID = CommandOption.required("user", "command.user");

    /** {@code /blend}'s shapes, as users type them (see {@link dev.chatbridge.core.imagine.Dimensions}). */
    private static final String[] BLEND_SHAPES = {"portrait", "square", "landscape"};

    /** All commands, in the order menus and {@code /help} show them. */
    public static final List<CommandSpec> ALL = List.of(
            CommandSpec.of("chat")
                    .asQuestion()
                    .queuedInOrder()
                    .options(CommandOption.required("message", "command.chat.message")),
            CommandSpec.of("new").aliases("reset", "clear").queuedInOrder(),
            CommandSpec.of("retry").queuedInOrder(),
            CommandSpec.of("cancel").aliases("stop"),
            CommandSpec.of("imagine")
                    .aliases("mj")
                    .options(
                            CommandOption.required("prompt", "command.imagine.prompt"),
                            CommandOption.picture("image", false, "command.imagine.image"),
                            CommandOption.picture("image2", false, "command.imagine.image")),
            CommandSpec.of("describe").options(CommandOption.picture("image", true, "command.describe.image")),
            CommandSpec.of("blend")
                    .options(
                            CommandOption.picture("image1", true, "command.blend.image"),
                            CommandOption.picture("image2", true, "command.blend.image"),
                            CommandOption.picture("image3", false, "command.blend.image"),
                            CommandOption.picture("image4", false, "command.blend.image"),
                            CommandOption.picture("image5", false, "command.blend.image"),
                            CommandOption.optional("dimensions", "command.blend.dimensions")
                                    .withChoices(BLEND_SHAPES)),
            CommandSpec.of("image").aliases("draw").options(CommandOption.required("prompt", "command.image.prompt")),
            CommandSpec.of("model")
                    .queuedInOrder()
                    .options(
                            CommandOption.optional("name", "command.model.name").autocompleted()),
            CommandSpec.of("models"),
            CommandSpec.of("system").queuedInOrder().options(CommandOption.optional("prompt", "command.system.prompt")),
            // Queued, so the messages sent before it are still answered in the language they were sent in.
            CommandSpec.of("language")
                    .aliases("lang")
                    .queuedInOrder()
                    .options(CommandOption.optional("language", "command.language.language")
                            .withChoices(LanguageSwitch.CHOICES)),
            // Not queued: it only shows a menu; the choices are stored when pressed.
            CommandSpec.of("settings"),
            CommandSpec.of("usage"),
            CommandSpec.of("help"),
            CommandSpec.of("start").unlisted(),
            CommandSpec.of("stats").forAdmins(),
            CommandSpec.of("allow").forAdmins().options(USER_ID),
            CommandSpec.of("block").forAdmins().options(USER_ID),
            CommandSpec.of("limit")
                    .forAdmins()
                    .options(
                            USER_ID,
                            CommandOption.required("kind", "command.limit.kind")
                                    .withChoices("messages", "tokens", "images"),
                            CommandOption.required("value", "command.limit.value")));

    private Commands() {}

    /** The command a name or alias stands for. */
    public static Optional<CommandSpec> find(String word) {
        return ALL.stream().filter(spec -> spec.answersTo(word)).findFirst();
    }

    /** The commands of a chat platform's menu, and of {@code /help}, in order. */
    public static List<CommandSpec> menu() {
        return ALL.stream().filter(CommandSpec::inMenu).toList();
    }

    /** The commands a platform registers as slash commands: every listed one, admin ones included. */
    public static List<CommandSpec> listed() {
        return ALL.stream().filter(CommandSpec::listed).toList();
    }
}
