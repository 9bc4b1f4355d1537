package dev.chatbridge.core.imagine;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The proxy's answer to a submit: its {@code code}, words for it, and the task id when one was created. */
public record SubmitResult(
        int code,
        String description,
        @Nullable String taskId,
        @Nullable Integer queuePosition,
        @Nullable String bannedWord) {

    public enum Outcome {
        SUBMITTED,
        QUEUED,
        EXISTS,
        MODAL,
        QUEUE_FULL,
        BANNED,
        FAILED
    }

    public SubmitResult {
        Objects.requireNonNull(description, "description");
    }

    public Outcome outcome() {
        return switch (code) {
            case 1 -> Outcome.SUBMITTED;
            case 22 -> Outcome.QUEUED;
            // Some forks answer 21 for "waiting for the modal" as well as for "already exists".
            case 21 ->
                description.toLowerCase().contains("modal")
                                || description.toLowerCase().contains("window")
                        ? Outcome.MODAL
                        : Outcome.EXISTS;
            case 23 -> Outcome.QUEUE_FULL;
            case 24 -> Outcome.BANNED;
            default -> Outcome.FAILED;
        };
    }

    /** True when a task now exists that can be watched. */
    public boolean hasTask() {
        return taskId != null
                && !taskId.isBlank()
                && switch (outcome()) {
                    case SUBMITTED, QUEUED, EXISTS, MODAL -> true;
                    case QUEUE_FULL, BANNED, FAILED -> false;
                };
    }
}
