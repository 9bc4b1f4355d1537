package dev.chatbridge.core.imagine;

import java.util.Locale;
import java.util.Optional;

/** The shape of a {@code /blend} result, as the proxies name it ({@code dimensions}); SQUARE when not said. */
public enum Dimensions {
    PORTRAIT,
    SQUARE,
    LANDSCAPE;

    /** The shape a user typed ({@code landscape}, any case), or empty for a word that names none. */
    public static Optional<Dimensions> parse(String word) {
        String wanted = word.strip().toUpperCase(Locale.ROOT);
        for (Dimensions dimensions : values()) {
            if (dimensions.name().equals(wanted)) {
                return Optional.of(dimensions);
            }
        }
        return Optional.empty();
    }

    /** How a user types it: {@code landscape}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
