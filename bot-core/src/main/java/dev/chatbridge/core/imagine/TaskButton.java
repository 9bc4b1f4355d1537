package dev.chatbridge.core.imagine;

import java.util.Objects;

/** A button under a finished task: the proxy's {@code customId} and what to show (label or emoji). */
public record TaskButton(String customId, String label, String emoji) {
    public TaskButton {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(emoji, "emoji");
    }

    /** Text for the button face: the label, else the emoji. */
    public String face() {
        if (!label.isBlank() && !emoji.isBlank()) {
            return emoji + " " + label;
        }
        return label.isBlank() ? emoji : label;
    }
}
