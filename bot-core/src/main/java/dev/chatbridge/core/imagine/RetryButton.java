package dev.chatbridge.core.imagine;

import java.util.Optional;

/**
 * The "try again" button under a failed job: a {@link ButtonKeys.Target} whose customId, which no
 * Midjourney button has, says what to repeat. A failed {@code /imagine} submits its prompt again; a
 * failed button press presses the same button of the same task again.
 */
final class RetryButton {

    private static final String IMAGINE = "CB::RETRY::IMAGINE";
    private static final String ACTION = "CB::RETRY::ACTION::";

    private RetryButton() {}

    /** Repeats {@code /imagine prompt}; {@code failedTaskId} is only kept for the logs (empty when the submit failed). */
    static ButtonKeys.Target imagine(String failedTaskId, String owner, String platform, String chatId, String prompt) {
        return new ButtonKeys.Target(failedTaskId, IMAGINE, owner, platform, chatId, prompt);
    }

    /** Presses the button {@code origin} names again. */
    static ButtonKeys.Target action(
            ImagineJob.Origin origin, String owner, String platform, String chatId, String prompt) {
        return new ButtonKeys.Target(origin.taskId(), ACTION + origin.customId(), owner, platform, chatId, prompt);
    }

    /**
     * The job a failed job (or submit) was: an {@code /imagine} without an origin, else the press it came from;
     * null for a job that cannot be repeated ({@link ImagineJob.Origin#unrepeatable}).
     */
    static ButtonKeys.@org.jspecify.annotations.Nullable Target of(
            ImagineJob.@org.jspecify.annotations.Nullable Origin origin,
            String failedTaskId,
            String owner,
            String platform,
            String chatId,
            String prompt) {
        if (origin == null) {
            return imagine(failedTaskId, owner, platform, chatId, prompt);
        }
        return origin.repeatable() ? action(origin, owner, platform, chatId, prompt) : null;
    }

    static boolean isRetry(ButtonKeys.Target target) {
        return target.customId().equals(IMAGINE) || target.customId().startsWith(ACTION);
    }

    /** The press to repeat: the task and customId; empty for an {@code /imagine} to submit again. */
    static Optional<ImagineJob.Origin> repeatedPress(ButtonKeys.Target target) {
        return target.customId().startsWith(ACTION)
                ? Optional.of(
                        new ImagineJob.Origin(target.taskId(), target.customId().substring(ACTION.length())))
                : Optional.empty();
    }
}
