package dev.chatbridge.discord;

import dev.chatbridge.core.command.CommandOption;
import dev.chatbridge.core.command.CommandSpec;
import dev.chatbridge.core.command.Commands;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.text.Language;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/**
 * The slash commands, from the core's command specs with their English and Chinese descriptions. Each becomes the text the core
 * parses ({@code /model gpt-4o}, {@code /limit 123 tokens 5000}); {@code /chat <message>} becomes a plain question,
 * because Discord has no free text after a slash command.
 */
final class SlashCommands {

    static final String MODEL = "model";
    static final String MODEL_OPTION = "name";

    private SlashCommands() {}

    static List<SlashCommandData> definitions() {
        return Commands.listed().stream().map(SlashCommands::definition).toList();
    }

    private static SlashCommandData definition(CommandSpec spec) {
        SlashCommandData command = net.dv8tion.jda.api.interactions.commands.build.Commands.slash(
                        spec.name(), spec.description(Language.EN))
                .setDescriptionLocalization(DiscordLocale.CHINESE_CHINA, spec.description(Language.ZH))
                .setDescriptionLocalization(DiscordLocale.CHINESE_TAIWAN, spec.description(Language.ZH_TW));
        if (spec.audience() == CommandSpec.Audience.ADMINS) {
            // BOT_ADMINS decides in the core; hiding these from ordinary members only tidies the menu.
            command.setDefaultPermissions(
                    DefaultMemberPermissions.enabledFor(net.dv8tion.jda.api.Permission.MANAGE_SERVER));
        }
        for (CommandOption option : spec.options()) {
            OptionData data = new OptionData(
                            option.picture() ? OptionType.ATTACHMENT : OptionType.STRING,
                            option.name(),
                            option.description(Language.EN),
                            option.required(),
                            option.autocomplete())
                    .setDescriptionLocalization(DiscordLocale.CHINESE_CHINA, option.description(Language.ZH))
                    .setDescriptionLocalization(DiscordLocale.CHINESE_TAIWAN, option.description(Language.ZH_TW));
            option.choices().forEach(choice -> data.addChoice(choice, choice));
            command.addOptions(data);
        }
        return command;
    }

    /** The text the core receives for this interaction: the options in their defined order, as words. */
    static String asText(SlashCommandInteraction interaction) {
        CommandSpec spec = Commands.find(interaction.getName()).orElse(null);
        String arguments = spec == null
                ? ""
                : spec.options().stream()
                        .filter(option -> !option.picture())
                        .map(option -> interaction.getOption(option.name()))
                        .filter(Objects::nonNull)
                        .map(OptionMapping::getAsString)
                        .map(value -> option(value))
                        .filter(value -> !value.isEmpty())
                        .collect(Collectors.joining(" "));
        if (spec != null && spec.question()) {
            return arguments;
        }
        return arguments.isEmpty() ? "/" + interaction.getName() : "/" + interaction.getName() + " " + arguments;
    }

    /** The pictures given in the command's attachment options, in the options' order. */
    static List<Attachment> pictures(SlashCommandInteraction interaction) {
        CommandSpec spec = Commands.find(interaction.getName()).orElse(null);
        if (spec == null) {
            return List.of();
        }
        return spec.options().stream()
                .filter(CommandOption::picture)
                .map(option -> interaction.getOption(option.name()))
                .filter(Objects::nonNull)
                .<Attachment>map(mapping -> DiscordAttachment.of(mapping.getAsAttachment()))
                .toList();
    }

    /** A typed value, with a pasted user mention ({@code <@123>} or {@code <@!123>}) reduced to the id the core knows. */
    private static String option(String value) {
        String stripped = value.strip();
        return stripped.matches("<@!?\\d+>") ? stripped.replaceAll("\\D", "") : stripped;
    }
}
