package dev.chatbridge.core.imagine;

import java.util.Objects;

/** A button under a finished task: the proxy's {@code customId} and what to show (label or emoji). */
public record TaskButton(String customId, String label, String emoji) {
    public TaskButton {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(emoji, "emoji");
    }

    /**
     * Text for the button face: the emoji and the label, either alone when the other is missing. A custom Discord
     * emoji reaches us by its name only ({@code upscale_1} on Upscale (Subtle)), which no client can draw, so a name
     * made of ASCII letters, digits and underscores is left off.
     */
    public String face() {
        String shown = emoji.strip().matches("[A-Za-z0-9_]+") ? "" : emoji.strip();
        if (!label.isBlank() && !shown.isEmpty()) {
            return shown + " " + label;
        }
        return label.isBlank() ? shown : label;
    }
}
