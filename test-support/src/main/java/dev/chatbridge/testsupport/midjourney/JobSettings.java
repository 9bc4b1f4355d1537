package dev.chatbridge.testsupport.midjourney;

import dev.chatbridge.testsupport.midjourney.ScriptedTask.Ending;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** How {@link FakeMidjourneyProxy} runs the jobs submitted from now on; changeable from the test thread at any time. */
final class JobSettings {

    static final List<Integer> DEFAULT_PROGRESS = List.of(10, 35, 60, 85);

    /** How a new job will end. */
    record Fate(Ending ending, @Nullable String failReason) {}

    private record Rule(String promptContains, Fate fate) {}

    private volatile List<Integer> progressSteps = DEFAULT_PROGRESS;
    private volatile boolean previews;
    private volatile @Nullable String notifyHook;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> modalPrefixes = new CopyOnWriteArrayList<>(List.of("MJ::CustomZoom::", "MJ::Inpaint::"));
    private volatile boolean remix;
    private volatile boolean modalAsSubmitted;

    List<Integer> progressSteps() {
        return progressSteps;
    }

    void progressSteps(List<Integer> steps) {
        if (steps.isEmpty() || steps.stream().anyMatch(p -> p == null || p < 0 || p > 100)) {
            throw new IllegalArgumentException("progress steps must be 0..100, at least one: " + steps);
        }
        progressSteps = List.copyOf(steps);
    }

    boolean previews() {
        return previews;
    }

    void previews(boolean on) {
        previews = on;
    }

    @Nullable
    String notifyHook() {
        return notifyHook;
    }

    void notifyHook(@Nullable String url) {
        notifyHook = url;
    }

    List<String> modalPrefixes() {
        return List.copyOf(modalPrefixes);
    }

    void modalFor(String customIdPrefix) {
        modalPrefixes.add(customIdPrefix);
    }

    /** The account's Remix mode: variations, rerolls, pans and zoom-outs wait in MODAL for the new prompt. */
    boolean remix() {
        return remix;
    }

    void remix(boolean on) {
        remix = on;
    }

    /** new-api's relay: a press that waits in MODAL answers code 1 instead of 21 (only the task says MODAL). */
    boolean modalAsSubmitted() {
        return modalAsSubmitted;
    }

    void modalAsSubmitted(boolean on) {
        modalAsSubmitted = on;
    }

    void fail(String promptContains, String failReason) {
        rules.add(new Rule(promptContains, new Fate(Ending.FAILURE, failReason)));
    }

    void stall(String promptContains) {
        rules.add(new Rule(promptContains, new Fate(Ending.STALL, null)));
    }

    /** The first matching rule wins; without one the job succeeds. */
    Fate fateOf(String prompt) {
        return rules.stream()
                .filter(rule -> prompt.contains(rule.promptContains()))
                .map(Rule::fate)
                .findFirst()
                .orElse(new Fate(Ending.SUCCESS, null));
    }
}
