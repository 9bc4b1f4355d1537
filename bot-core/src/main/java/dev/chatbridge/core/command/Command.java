package dev.chatbridge.core.command;

import java.util.Locale;
import java.util.Optional;

/** A slash command and the rest of the line, e.g. {@code /system be brief} → ("system", "be brief"). */
public record Command(String name, String argument) {

    /** Parses a leading command; the adapter has already removed an {@code @botname} suffix. */
    public static Optional<Command> parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("/") || trimmed.length() < 2) {
            return Optional.empty();
        }
        int end = 1;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
            end++;
        }
        String name = trimmed.substring(1, end);
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Command(
                name.toLowerCase(Locale.ROOT), trimmed.substring(end).strip()));
    }

    public boolean hasArgument() {
        return !argument.isEmpty();
    }
}
