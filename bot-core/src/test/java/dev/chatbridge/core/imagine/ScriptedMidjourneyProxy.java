package dev.chatbridge.core.imagine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Midjourney proxy that answers submits (imagine, button actions, modals) with the results a test
 * scripted, in order, hands out a tiny picture for every download, and remembers what it was asked.
 * It knows no tasks: tests pass what a fetch would see to {@link ImagineService#advance}.
 */
public final class ScriptedMidjourneyProxy implements MidjourneyProxy {

    /** A button press as the proxy received it. */
    public record Action(String taskId, String customId) {}

    /** A submit that carried pictures (data URLs): imagine's {@code base64Array}, describe's {@code base64}, a blend. */
    public record Pictures(
            String path, List<String> images, @Nullable Dimensions dimensions) {}
    /** A modal completion as the proxy received it. */
    public record Modal(
            String taskId, String prompt, @Nullable String maskBase64) {}

    static final byte[] PICTURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final Deque<Object> submits = new ArrayDeque<>();
    private final java.util.Map<String, Task> fetchable = new java.util.HashMap<>();
    private final List<String> prompts = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<String> downloads = new ArrayList<>();
    private final List<Pictures> pictures = new ArrayList<>();
    private final List<Modal> modals = new ArrayList<>();

    /** A submit the proxy accepted (code 1) as {@code taskId}. */
    public static SubmitResult submitted(String taskId) {
        return new SubmitResult(1, "Submit success", taskId, null, null);
    }

    /** The next submit answers {@code result}. */
    public synchronized ScriptedMidjourneyProxy thenSubmit(SubmitResult result) {
        submits.addLast(result);
        return this;
    }

    /** The next submit throws {@code failure}, as when the proxy is down. */
    public synchronized ScriptedMidjourneyProxy thenFail(MidjourneyException failure) {
        submits.addLast(failure);
        return this;
    }

    /** Fetches of {@code task}'s id answer it from now on. */
    public synchronized ScriptedMidjourneyProxy knows(Task task) {
        fetchable.put(task.id(), task);
        return this;
    }

    @Override
    public synchronized SubmitResult imagine(String prompt, @Nullable String notifyHook) {
        prompts.add(prompt);
        return next();
    }

    @Override
    public synchronized SubmitResult imagine(String prompt, List<String> images, @Nullable String notifyHook) {
        prompts.add(prompt);
        if (!images.isEmpty()) {
            pictures.add(new Pictures("/mj/submit/imagine", List.copyOf(images), null));
        }
        return next();
    }

    @Override
    public synchronized SubmitResult describe(String imageDataUrl, @Nullable String notifyHook) {
        pictures.add(new Pictures("/mj/submit/describe", List.of(imageDataUrl), null));
        return next();
    }

    @Override
    public synchronized SubmitResult blend(List<String> images, Dimensions dimensions, @Nullable String notifyHook) {
        pictures.add(new Pictures("/mj/submit/blend", List.copyOf(images), dimensions));
        return next();
    }

    @Override
    public synchronized SubmitResult action(String taskId, String customId, @Nullable String notifyHook) {
        actions.add(new Action(taskId, customId));
        return next();
    }

    @Override
    public synchronized SubmitResult modal(
            String taskId, String prompt, @Nullable String maskBase64, @Nullable String notifyHook) {
        modals.add(new Modal(taskId, prompt, maskBase64));
        return next();
    }

    @Override
    public synchronized Optional<Task> fetch(String taskId) {
        return Optional.ofNullable(fetchable.get(taskId));
    }

    public synchronized List<Modal> modals() {
        return List.copyOf(modals);
    }

    @Override
    public synchronized byte[] download(String imageUrl, long maxBytes) {
        downloads.add(imageUrl);
        return PICTURE.clone();
    }

    public synchronized List<String> prompts() {
        return List.copyOf(prompts);
    }

    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }

    public synchronized List<Pictures> pictures() {
        return List.copyOf(pictures);
    }

    public synchronized List<String> downloads() {
        return List.copyOf(downloads);
    }

    private SubmitResult next() {
        Object next = submits.pollFirst();
        if (next == null) {
            throw new MidjourneyException(MidjourneyException.Kind.HTTP_ERROR, "no reply scripted");
        }
        if (next instanceof MidjourneyException failure) {
            throw failure;
        }
        return (SubmitResult) next;
    }
}
