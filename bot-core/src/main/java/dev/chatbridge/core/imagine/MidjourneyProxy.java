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

    /**
     * {@code /imagine} with image prompts: {@code images} are data URLs ({@code data:image/png;base64,...}), sent as
     * {@code base64Array}. Without images it is the plain {@link #imagine(String, String)}.
     */
    default SubmitResult imagine(String prompt, List<String> images, @Nullable String notifyHook) {
        if (images.isEmpty()) {
            return imagine(prompt, notifyHook);
        }
        throw new MidjourneyException(MidjourneyException.Kind.HTTP_ERROR, "this proxy takes no image prompts");
    }

    /** {@code /describe}: a DESCRIBE task whose prompt, once done, holds four suggested prompts. */
    default SubmitResult describe(String imageDataUrl, @Nullable String notifyHook) {
        throw new MidjourneyException(MidjourneyException.Kind.HTTP_ERROR, "this proxy cannot describe pictures");
    }

    /** {@code /blend}: 2–5 pictures (data URLs) blended into a grid of the given shape. */
    default SubmitResult blend(List<String> imageDataUrls, Dimensions dimensions, @Nullable String notifyHook) {
        throw new MidjourneyException(MidjourneyException.Kind.HTTP_ERROR, "this proxy cannot blend pictures");
    }

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

    /**
     * This proxy with its submits (imagine, action, modal, describe, blend) sent under the speed mode's route prefix;
     * fetches and downloads stay as they are. A submit to a route the proxy does not have throws
     * {@link MidjourneyException} of kind {@link MidjourneyException.Kind#NO_ROUTE}; so does this default, for
     * proxies that have no modes at all.
     */
    default MidjourneyProxy inMode(SpeedMode mode) {
        throw new MidjourneyException(MidjourneyException.Kind.NO_ROUTE, "this proxy has no speed modes");
    }

    /** Names the proxy (its base URL), so that what is learned about one proxy is not applied to another. */
    default String endpoint() {
        return "default";
    }

    /** Downloads an image the proxy returned; at most {@code maxBytes}. */
    byte[] download(String imageUrl, long maxBytes);
}
