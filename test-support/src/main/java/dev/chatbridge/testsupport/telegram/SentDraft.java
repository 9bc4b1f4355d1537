package dev.chatbridge.testsupport.telegram;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One accepted {@code sendMessageDraft} call: a streamed preview in a private chat. */
public record SentDraft(
        long chatId,
        int draftId,
        String text,
        String rawText,
        @Nullable String parseMode,
        Instant sentAt) {

    public SentDraft {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(rawText, "rawText");
        Objects.requireNonNull(sentAt, "sentAt");
    }
}
