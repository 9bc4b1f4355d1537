package dev.chatbridge.core.imagine;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Midjourney proxy as the imagine flow sees it. Implementations speak either dialect: the
 * {@code /mj/submit/action} one (tasks carry buttons) or the open-source proxy's
 * {@code /mj/submit/change} one (tasks without buttons). Failures throw {@link MidjourneyException}.
 */
public interface MidjourneyProxy {

    SubmitResult imagine(String prompt, @Nullable String notifyHook);

    /** Presses a task button; {@code customId} is one of the task's (or synthesized) button ids. */
    SubmitResult action(String taskId, String customId, @Nullable String notifyHook);

    /**
     * Completes a task that answered MODAL (remix, zoom, region) with a prompt and, for Vary (Region), the painted
     * mask ({@code maskBase64}: a data URL {@code data:image/png;base64,...}, or null).
     */
    SubmitResult modal(String taskId, String prompt, @Nullable String maskBase64, @Nullable String notifyHook);

    /** The task, or empty when the proxy does not know the id (it answers an empty 200). */
    Optional<Task> fetch(String taskId);

    /**
     * The buttons to offer under a finished task: its own, or what this proxy's dialect offers
     * where it sends none (the open-source proxy: U1–U4, 🔄, V1–V4 on a grid).
     */
    default List<TaskButton> buttonsOf(Task task) {
        return task.buttons();
    }

    /** Downloads an image the proxy returned; at most {@code maxBytes}. */
    byte[] download(String imageUrl, long maxBytes);
}
