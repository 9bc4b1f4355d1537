package dev.chatbridge.core.command;

import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.stream.Collectors;

/** {@code /help}, written from the command specs, so it always lists exactly what the menus offer. */
final class HelpText {

    private HelpText() {}

    static String render(Language language) {
        String lines =
                Commands.menu().stream().map(spec -> line(spec, language)).collect(Collectors.joining("\n"));
        return Text.HELP_TITLE.in(language) + "\n" + lines + "\n\n" + Text.HELP_FOOTER.in(language);
    }

    private static String line(CommandSpec spec, Language language) {
        StringBuilder line = new StringBuilder("/").append(spec.name());
        // Pictures come with the message (a photo and its caption), not as words after the command.
        spec.options().stream()
                .filter(option -> !option.picture())
                .forEach(option -> line.append(' ').append(option.placeholder()));
        return line.append(" — ").append(spec.description(language)).toString();
    }
}
