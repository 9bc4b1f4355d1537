package dev.chatbridge.core.imagine;

import dev.chatbridge.core.text.Language;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Midjourney task being watched for a chat: where its progress message is, whose it is, and
 * what the watcher last saw. Stored in Redis, so any replica can carry on with it.
 * {@code progressPending}: saved before its progress message was posted; whoever handles it next
 * posts one (jobs stored before this field existed read as false).
 */
public record ImagineJob(
        String taskId,
        String platform,
        String chatId,
        String ownerUserId,
        Language language,
        String prompt,
        @Nullable String progressMessageId,
        @Nullable String replyToMessageId,
        long createdAtMillis,
        long lastChangeAtMillis,
        Task.Status lastStatus,
        int lastProgress,
        long pollIntervalMillis,
        boolean modalSubmitted,
        boolean progressPending) {

    public ImagineJob {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(ownerUserId, "ownerUserId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(lastStatus, "lastStatus");
    }

    public ImagineJob seen(Task.Status status, int progress, long nowMillis, long nextPollMillis) {
        boolean changed = status != lastStatus || progress != lastProgress;
        return new ImagineJob(
                taskId,
                platform,
                chatId,
                ownerUserId,
                language,
                prompt,
                progressMessageId,
                replyToMessageId,
                createdAtMillis,
                changed ? nowMillis : lastChangeAtMillis,
                status,
                progress,
                nextPollMillis,
                modalSubmitted,
                progressPending);
    }

    /** Nothing new was seen: only the next poll moves further out. */
    public ImagineJob withPollInterval(long nextPollMillis) {
        return new ImagineJob(
                taskId,
                platform,
                chatId,
                ownerUserId,
                language,
                prompt,
                progressMessageId,
                replyToMessageId,
                createdAtMillis,
                lastChangeAtMillis,
                lastStatus,
                lastProgress,
                nextPollMillis,
                modalSubmitted,
                progressPending);
    }

    public ImagineJob withModalSubmitted() {
        return new ImagineJob(
                taskId,
                platform,
                chatId,
                ownerUserId,
                language,
                prompt,
                progressMessageId,
                replyToMessageId,
                createdAtMillis,
                lastChangeAtMillis,
                lastStatus,
                lastProgress,
                pollIntervalMillis,
                true,
                progressPending);
    }

    /** The progress message was posted as {@code messageId}, or could not be posted (null): no longer pending. */
    public ImagineJob withProgressMessage(@Nullable String messageId) {
        return new ImagineJob(
                taskId,
                platform,
                chatId,
                ownerUserId,
                language,
                prompt,
                messageId,
                replyToMessageId,
                createdAtMillis,
                lastChangeAtMillis,
                lastStatus,
                lastProgress,
                pollIntervalMillis,
                modalSubmitted,
                false);
    }

    /** The prompt the job draws from now on (a Remix or Custom Zoom gave a new one). */
    public ImagineJob withPrompt(String newPrompt) {
        return new ImagineJob(
                taskId,
                platform,
                chatId,
                ownerUserId,
                language,
                newPrompt,
                progressMessageId,
                replyToMessageId,
                createdAtMillis,
                lastChangeAtMillis,
                lastStatus,
                lastProgress,
                pollIntervalMillis,
                modalSubmitted,
                progressPending);
    }

    public boolean changedFrom(Task.Status status, int progress) {
        return status != lastStatus || progress != lastProgress;
    }
}
