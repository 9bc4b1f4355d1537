package dev.chatbridge.core.conversation;

import dev.chatbridge.core.message.Attachment;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The question /retry asks again: as the context stores it ({@code stored}, with its images as text references),
 * as the user asked it ({@code asked}, image links included) and references to its attachments, so the retry can
 * show the model the same pictures.
 */
public record LastQuestion(
        String stored, String asked, @Nullable List<Attachment.Reference> attachments) {

    public LastQuestion {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A question without pictures. */
    public static LastQuestion text(String question) {
        return new LastQuestion(question, question, List.of());
    }
}
