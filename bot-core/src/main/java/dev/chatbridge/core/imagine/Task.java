package dev.chatbridge.core.imagine;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task as {@code /mj/task/{id}/fetch} (or the notify hook) reports it. {@code finalPrompt}: what
 * Midjourney was (or, for a MODAL task, will be) given ({@code properties.finalPrompt}, else
 * {@code promptEn}), which proxies translate from Chinese; null when the proxy says nothing.
 */
public record Task(
        String id,
        String action,
        Status status,
        int progress,
        @Nullable String imageUrl,
        @Nullable String failReason,
        String prompt,
        List<TaskButton> buttons,
        @Nullable String finalPrompt) {

    public enum Status {
        NOT_START,
        SUBMITTED,
        MODAL,
        IN_PROGRESS,
        SUCCESS,
        FAILURE,
        CANCEL,
        UNKNOWN;

        public boolean finished() {
            return this == SUCCESS || this == FAILURE || this == CANCEL;
        }
    }

    /** A task whose proxy reported no final prompt. */
    public Task(
            String id,
            String action,
            Status status,
            int progress,
            @Nullable String imageUrl,
            @Nullable String failReason,
            String prompt,
            List<TaskButton> buttons) {
        this(id, action, status, progress, imageUrl, failReason, prompt, buttons, null);
    }

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(prompt, "prompt");
        buttons = List.copyOf(buttons);
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0..100: " + progress);
        }
    }
}
