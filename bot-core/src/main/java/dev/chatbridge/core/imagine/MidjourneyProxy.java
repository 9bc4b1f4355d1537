package dev.chatbridge.core.imagine;

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

    /** Completes a task that answered MODAL (remix, zoom, region) with a prompt. */
    SubmitResult modal(String taskId, String prompt, @Nullable String notifyHook);

    /** The task, or empty when the proxy does not know the id (it answers an empty 200). */
    Optional<Task> fetch(String taskId);

    /** Downloads an image the proxy returned; at most {@code maxBytes}. */
    byte[] download(String imageUrl, long maxBytes);
}
