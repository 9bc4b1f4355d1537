package dev.chatbridge.core.delivery;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Text for a message. MARKDOWN is the model's Markdown, which the adapter renders into its
 * platform's markup; PLAIN is shown exactly as written. A {@link Status} marks the text as a
 * job's status message (e.g. /imagine progress): platforms with cards show it as one (Discord: an
 * embed titled and coloured by it), the others show the text alone.
 */
public record OutgoingText(
        String text, Format format, @Nullable Status status) {

    public enum Format {
        PLAIN,
        MARKDOWN
    }

    /** Where a job stands; decides the card's colour. */
    public enum Stage {
        WAITING,
        WORKING,
        SUCCEEDED,
        FAILED
    }

    /** A status message's heading (e.g. the prompt) and stage. */
    public record Status(String title, Stage stage) {
        public Status {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(stage, "stage");
        }
    }

    public OutgoingText {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
    }

    public OutgoingText(String text, Format format) {
        this(text, format, null);
    }

    public static OutgoingText plain(String text) {
        return new OutgoingText(text, Format.PLAIN);
    }

    public static OutgoingText markdown(String text) {
        return new OutgoingText(text, Format.MARKDOWN);
    }

    /** A plain status text of a job titled {@code title}. */
    public static OutgoingText status(String title, Stage stage, String text) {
        return new OutgoingText(text, Format.PLAIN, new Status(title, stage));
    }
}
