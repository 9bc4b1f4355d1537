package dev.chatbridge.discord;

import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.text.Language;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/**
 * The slash commands, with English and Chinese descriptions from the core's menu. Each becomes the text the core
 * parses ({@code /model gpt-4o}, {@code /limit 123 tokens 5000}); {@code /chat <message>} becomes a plain question,
 * because Discord has no free text after a slash command.
 */
final class SlashCommands {

    static final String MODEL = "model";
    static final String MODEL_OPTION = "name";

    /** One text option of a command, in the order the core expects its words. */
    private record Option(String name, boolean required, String en, String zh, List<String> choices) {
        Option(String name, boolean required, String en, String zh) {
            this(name, required, en, zh, List.of());
        }
    }

    /** A command and its options; {@code adminOnly} ones are hidden from members who cannot manage the server. */
    private record Spec(String name, boolean adminOnly, List<Option> options) {
        Spec(String name, Option... options) {
            this(name, false, List.of(options));
        }
    }

    private static final Option USER_ID =
            new Option("user", true, "Discord user id (or @mention)", "Discord 用户 ID（或 @提及）");

    private static final List<Spec> SPECS = List.of(
            new Spec("chat", new Option("message", true, "Your question", "你的问题")),
            new Spec("new"),
            new Spec("retry"),
            new Spec("cancel"),
            new Spec("system", new Option("prompt", false, "The new system prompt, or reset", "新的系统提示词，或 reset")),
            new Spec(MODEL, new Option(MODEL_OPTION, false, "Model to switch to", "要切换的模型")),
            new Spec("models"),
            new Spec("imagine", new Option("prompt", true, "What to draw, e.g. a red fox in snow --ar 16:9", "要画的内容")),
            new Spec("image", new Option("prompt", true, "What to draw", "要画的内容")),
            new Spec("usage"),
            new Spec("help"),
            // Admin commands: BOT_ADMINS decides in the core; hiding them from ordinary members only tidies the menu.
            new Spec("stats", true, List.of()),
            new Spec("allow", true, List.of(USER_ID)),
            new Spec("block", true, List.of(USER_ID)),
            new Spec(
                    "limit",
                    true,
                    List.of(
                            USER_ID,
                            new Option("kind", true, "Which limit", "哪一项限额", List.of("messages", "tokens", "images")),
                            new Option("value", true, "A number (0 = unlimited) or default", "数量（0 表示不限）或 default"))));

    private SlashCommands() {}

    static List<SlashCommandData> definitions() {
        return SPECS.stream().map(SlashCommands::definition).toList();
    }

    private static SlashCommandData definition(Spec spec) {
        String zh = CommandHandler.menuDescription(spec.name(), Language.ZH);
        SlashCommandData command = Commands.slash(spec.name(), CommandHandler.menuDescription(spec.name(), Language.EN))
                .setDescriptionLocalization(DiscordLocale.CHINESE_CHINA, zh)
                .setDescriptionLocalization(DiscordLocale.CHINESE_TAIWAN, zh);
        if (spec.adminOnly()) {
            command.setDefaultPermissions(
                    DefaultMemberPermissions.enabledFor(net.dv8tion.jda.api.Permission.MANAGE_SERVER));
        }
        for (Option option : spec.options()) {
            OptionData data = new OptionData(
                            OptionType.STRING,
                            option.name(),
                            option.en(),
                            option.required(),
                            spec.name().equals(MODEL))
                    .setDescriptionLocalization(DiscordLocale.CHINESE_CHINA, option.zh())
                    .setDescriptionLocalization(DiscordLocale.CHINESE_TAIWAN, option.zh());
            option.choices().forEach(choice -> data.addChoice(choice, choice));
            command.addOptions(data);
        }
        return command;
    }

    /** The text the core receives for this interaction: the options in their defined order, as words. */
    static String asText(SlashCommandInteraction interaction) {
        Spec spec = SPECS.stream()
                .filter(s -> s.name().equals(interaction.getName()))
                .findFirst()
                .orElse(null);
        String arguments = spec == null
                ? ""
                : spec.options().stream()
                        .map(option -> interaction.getOption(option.name()))
                        .filter(Objects::nonNull)
                        .map(OptionMapping::getAsString)
                        .map(value -> option(value))
                        .filter(value -> !value.isEmpty())
                        .collect(Collectors.joining(" "));
        if (interaction.getName().equals("chat")) {
            return arguments;
        }
        return arguments.isEmpty() ? "/" + interaction.getName() : "/" + interaction.getName() + " " + arguments;
    }

    /** A typed value, with a pasted user mention ({@code <@123>} or {@code <@!123>}) reduced to the id the core knows. */
    private static String option(String value) {
        String stripped = value.strip();
        return stripped.matches("<@!?\\d+>") ? stripped.replaceAll("\\D", "") : stripped;
    }
}
