package dev.chatbridge.core.quota;

import java.util.Locale;
import java.util.Optional;

/** The per-user limits, as admins name them in {@code /limit <user> <kind> <value>}. */
public enum LimitKind {
    MESSAGES("messages"),
    TOKENS("tokens"),
    IMAGES("images");

    private final String word;

    LimitKind(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<LimitKind> parse(String word) {
        String wanted = word.toLowerCase(Locale.ROOT);
        for (LimitKind kind : values()) {
            if (kind.word.equals(wanted) || kind.word.startsWith(wanted) && wanted.length() >= 3) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
