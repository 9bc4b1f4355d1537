package dev.chatbridge.discord;

import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.text.Language;
import java.util.List;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;

/**
 * The slash commands, with English and Chinese descriptions from the core's menu. Each becomes the text the core
 * parses ({@code /model gpt-4o}); {@code /chat <message>} becomes a plain question, because Discord has no free
 * text after a slash command.
 */
final class SlashCommands {

    static final String MODEL = "model";
    static final String MODEL_OPTION = "name";

    /** Command name → its one text option (empty: none), and whether that option is required. */
    private record Spec(String name, String option, boolean required, String optionEn, String optionZh) {}

    private static final List<Spec> SPECS = List.of(
            new Spec("chat", "message", true, "Your question", "你的问题"),
            new Spec("new", "", false, "", ""),
            new Spec("retry", "", false, "", ""),
            new Spec("cancel", "", false, "", ""),
            new Spec("system", "prompt", false, "The new system prompt, or reset", "新的系统提示词，或 reset"),
            new Spec(MODEL, MODEL_OPTION, false, "Model to switch to", "要切换的模型"),
            new Spec("models", "", false, "", ""),
            new Spec("imagine", "prompt", true, "What to draw, e.g. a red fox in snow --ar 16:9", "要画的内容"),
            new Spec("image", "prompt", true, "What to draw", "要画的内容"),
            new Spec("help", "", false, "", ""));

    private SlashCommands() {}

    static List<SlashCommandData> definitions() {
        return SPECS.stream().map(SlashCommands::definition).toList();
    }

    private static SlashCommandData definition(Spec spec) {
        String zh = CommandHandler.menuDescription(spec.name(), Language.ZH);
        SlashCommandData command = Commands.slash(spec.name(), CommandHandler.menuDescription(spec.name(), Language.EN))
                .setDescriptionLocalization(DiscordLocale.CHINESE_CHINA, zh)
                .setDescriptionLocalization(DiscordLocale.CHINESE_TAIWAN, zh);
        if (!spec.option().isEmpty()) {
            command.addOptions(new OptionData(OptionType.STRING, spec.option(), spec.optionEn(), spec.required(),
                            spec.name().equals(MODEL))
                    .setDescriptionLocalization(DiscordLocale.CHINESE_CHINA, spec.optionZh())
                    .setDescriptionLocalization(DiscordLocale.CHINESE_TAIWAN, spec.optionZh()));
        }
        return command;
    }

    /** The text the core receives for this interaction. */
    static String asText(SlashCommandInteraction interaction) {
        String argument = interaction.getOptions().stream()
                .map(OptionMapping::getAsString)
                .findFirst()
                .orElse("")
                .strip();
        if (interaction.getName().equals("chat")) {
            return argument;
        }
        return argument.isEmpty() ? "/" + interaction.getName() : "/" + interaction.getName() + " " + argument;
    }
}
