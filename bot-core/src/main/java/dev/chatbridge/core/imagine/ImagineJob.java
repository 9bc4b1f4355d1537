package dev.chatbridge.core.imagine;

import dev.chatbridge.core.text.Language;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Midjourney task being watched for a chat: where its progress message is, whose it is, and
 * what the watcher last saw. Stored in Redis, so any replica can carry on with it.
 * {@code progressPending}: saved before its progress message was posted; whoever handles it next
 * posts one (jobs stored before this field existed read as false).
 * {@code preview}: the preview picture the progress message shows, null while it shows text.
 * {@code origin}: the button whose press started this job, null for {@code /imagine}; a retry repeats it.
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
        boolean progressPending,
        @Nullable Preview preview,
        @Nullable Origin origin) {

    /** The preview picture shown in the progress message: its URL at the proxy, and when it was put there. */
    public record Preview(String imageUrl, long shownAtMillis) {
        public Preview {
            Objects.requireNonNull(imageUrl, "imageUrl");
        }
    }

    /** The task and button customId a press started this job from. */
    public record Origin(String taskId, String customId) {
        public Origin {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(customId, "customId");
        }

        /**
         * A job no button can repeat: {@code /describe}, {@code /blend} and image prompts, whose pictures
         * are not kept (a retry would draw their title as a prompt).
         */
        public static Origin unrepeatable() {
            return new Origin("", "");
        }

        public boolean repeatable() {
            return !customId.isEmpty();
        }
    }

    /** A job without a preview, started by {@code /imagine}. */
    public ImagineJob(
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
        this(
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
                modalSubmitted,
                progressPending,
                null,
                null);
    }

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
                progressPending,
                preview,
                origin);
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
                progressPending,
                preview,
                origin);
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
                progressPending,
                preview,
                origin);
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
                false,
                preview,
                origin);
    }

    /** The progress message now shows this preview picture. */
    public ImagineJob withPreview(Preview shown) {
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
                modalSubmitted,
                progressPending,
                shown,
                origin);
    }

    /** Started by pressing {@code customId} under task {@code taskId}. */
    public ImagineJob withOrigin(@Nullable Origin pressed) {
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
                modalSubmitted,
                progressPending,
                preview,
                pressed);
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
