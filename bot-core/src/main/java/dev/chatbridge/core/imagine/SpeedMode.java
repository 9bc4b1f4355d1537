package dev.chatbridge.core.imagine;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How fast Midjourney runs a user's jobs, where the proxy offers a choice: the .NET proxy serves its submit routes
 * under {@code /mj-relax}, {@code /mj-fast} and {@code /mj-turbo} as well, and new-api passes any {@code /{mode}/mj/…}
 * on to such a proxy. Without a mode the proxy's (or its account's) default applies.
 */
public enum SpeedMode {
    RELAX,
    FAST,
    TURBO;

    /** {@code relax}, {@code fast} or {@code turbo}: what users type and what is stored. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The route prefix before {@code /mj/submit/…}: {@code /mj-fast}. */
    public String routePrefix() {
        return "/mj-" + code();
    }

    /** The mode for a stored or typed code; empty for null, blank or anything else (the proxy's default). */
    public static Optional<SpeedMode> parse(@Nullable String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (SpeedMode mode : values()) {
            if (mode.code().equalsIgnoreCase(code.strip())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
