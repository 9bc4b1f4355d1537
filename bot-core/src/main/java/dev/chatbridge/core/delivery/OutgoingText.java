package dev.chatbridge.core.delivery;

import java.util.Objects;

/**
 * Text for a message. MARKDOWN is the model's Markdown, which the adapter renders into its
 * platform's markup; PLAIN is shown exactly as written.
 */
public record OutgoingText(String text, Format format) {

    public enum Format {
        PLAIN,
        MARKDOWN
    }

    public OutgoingText {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
    }

    public static OutgoingText plain(String text) {
        return new OutgoingText(text, Format.PLAIN);
    }

    public static OutgoingText markdown(String text) {
        return new OutgoingText(text, Format.MARKDOWN);
    }
}
