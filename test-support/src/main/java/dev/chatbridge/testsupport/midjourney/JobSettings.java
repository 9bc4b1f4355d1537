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

    private record Rule(String promptContains, Fate fate, boolean once) {
        Rule(String promptContains, Fate fate) {
            this(promptContains, fate, false);
        }
    }

    /** What a DESCRIBE task ends with, as the proxies write it. */
    static final String DEFAULT_DESCRIBED = "1️⃣ a red fox standing in deep snow, watercolor illustration --ar 4:3\n\n"
            + "2️⃣ fox on a snowy hill, in the style of ukiyo-e prints, muted orange and white --ar 4:3\n\n"
            + "3️⃣ a small orange animal in a winter landscape, minimalist --ar 4:3\n\n"
            + "4️⃣ winter wildlife photography of a fox, 85mm lens, soft light --ar 4:3";

    private volatile String describedPrompts = DEFAULT_DESCRIBED;
    private volatile List<Integer> progressSteps = DEFAULT_PROGRESS;
    private volatile boolean previews;
    private volatile @Nullable String notifyHook;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> modalPrefixes = new CopyOnWriteArrayList<>(List.of("MJ::CustomZoom::", "MJ::Inpaint::"));
    private final List<Translation> translations = new CopyOnWriteArrayList<>();

    /** A prompt the proxy hands Midjourney in other words (translated from Chinese, as the proxies do). */
    private record Translation(String promptContains, String finalPrompt) {}

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

    String describedPrompts() {
        return describedPrompts;
    }

    void describedPrompts(String text) {
        describedPrompts = text;
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

    void failOnce(String promptContains, String failReason) {
        rules.add(new Rule(promptContains, new Fate(Ending.FAILURE, failReason), true));
    }

    void stall(String promptContains) {
        rules.add(new Rule(promptContains, new Fate(Ending.STALL, null)));
    }

    void finalPrompt(String promptContains, String finalPrompt) {
        translations.add(new Translation(promptContains, finalPrompt));
    }

    /** What Midjourney is given for this prompt: a scripted translation, else the prompt itself. */
    String finalPromptOf(String prompt) {
        return translations.stream()
                .filter(translation -> prompt.contains(translation.promptContains()))
                .map(Translation::finalPrompt)
                .findFirst()
                .orElse(prompt);
    }

    /** The first matching rule wins; without one the job succeeds. */
    Fate fateOf(String prompt) {
        Rule rule = rules.stream()
                .filter(candidate -> prompt.contains(candidate.promptContains()))
                .findFirst()
                .orElse(null);
        if (rule == null) {
            return new Fate(Ending.SUCCESS, null);
        }
        if (rule.once()) {
            rules.remove(rule);
        }
        return rule.fate();
    }
}
