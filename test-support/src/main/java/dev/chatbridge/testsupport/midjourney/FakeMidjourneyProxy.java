package dev.chatbridge.testsupport.midjourney;

import dev.chatbridge.testsupport.common.Await;
import dev.chatbridge.testsupport.common.Json;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A fake Midjourney proxy on 127.0.0.1 that speaks either dialect of shared/WIRE.md: {@code /mj/submit/imagine}
 * (with {@code base64Array} image prompts), {@code /mj/submit/describe}, {@code /mj/submit/blend},
 * {@code /mj/task/{id}/fetch} and {@code /mj/submit/change} always; {@code /mj/submit/action} and
 * {@code /mj/submit/modal} with buttons on its tasks ({@link Dialect#ACTION}), or neither and no buttons
 * ({@link Dialect#CHANGE}, the open-source proxy). It takes the key as {@code Authorization: Bearer} or
 * {@code mj-api-secret} (else HTTP 401), and serves finished images itself under {@code /attachments/}, without auth,
 * like a CDN. Unknown task ids answer an empty 200.
 *
 * <p>A job moves one step per fetch of it: NOT_START, SUBMITTED, IN_PROGRESS 10/35/60/85%, SUCCESS 100%. After
 * {@link #advanceEvery} a clock moves every job instead, and fetches only look. Each change is posted to the job's
 * {@code notifyHook} (or the global {@link #notifyHook}).
 *
 * <p>A button pressed again (the same customId of the same task) for an upscale answers code 21 "任务已存在" with the
 * id of the upscale made the first time, and its {@code status} and {@code imageUrl} in {@code properties}, as the
 * proxies do for {@code /mj/submit/change}.
 *
 * <pre>{@code
 * try (var mj = new FakeMidjourneyProxy("mj-key", FakeMidjourneyProxy.Dialect.ACTION)) {
 *     mj.nextSubmit(22, "In queue", Map.of("numberOfQueues", 3)).failTask("gore", "Banned prompt detected");
 *     // point the client at mj.baseUrl() (the root; the paths carry /mj)
 * }
 * }</pre>
 */
public final class FakeMidjourneyProxy implements AutoCloseable {

    /** Which proxy to be. */
    public enum Dialect {
        /** new-api and the proxies with buttons: {@code /mj/submit/action} and {@code /mj/submit/modal}. */
        ACTION,
        /** The open-source novicezk proxy: {@code /mj/submit/change} only, tasks without {@code buttons}. */
        CHANGE
    }

    /**
     * A POST the fake received under {@code /mj}: its path as requested (with a speed mode's prefix, if any), JSON
     * body and the auth headers it carried.
     */
    public record Submit(
            String path,
            JsonNode body,
            @Nullable String authorization,
            @Nullable String apiSecret) {

        /** The path without a speed mode's prefix: {@code /mj/submit/imagine} for {@code /mj-fast/mj/submit/imagine}. */
        public String route() {
            String mode = speedMode();
            return mode == null ? path : path.substring(("/mj-" + mode).length());
        }

        /** {@code relax}, {@code fast} or {@code turbo} when sent under that mode's prefix, else null. */
        public @Nullable String speedMode() {
            for (String mode : new String[] {"relax", "fast", "turbo"}) {
                if (path.startsWith("/mj-" + mode + "/mj/")) {
                    return mode;
                }
            }
            return null;
        }
    }

    /** A {@code /mj/submit/modal} the fake received: the MODAL task's id, the prompt and the mask (null: none sent). */
    public record ModalSubmit(
            String taskId, String prompt, @Nullable String maskBase64) {}

    /** A notify hook call: the URL, the task JSON posted, and the hook's HTTP status (-1 when unreachable). */
    public record HookCall(String url, JsonNode task, int status) {
        public String taskId() {
            return task.path("id").asString("");
        }

        public String taskStatus() {
            return task.path("status").asString("");
        }
    }

    private final Dialect dialect;
    private final JobSettings settings = new JobSettings();
    private final NotifyHooks hooks = new NotifyHooks();
    private final TaskBook book;
    private final ProxyRouter router;
    private final LocalHttpServer server;
    private @Nullable ScheduledExecutorService clock;
    private @Nullable ScheduledFuture<?> ticking;

    public FakeMidjourneyProxy(String apiKey, Dialect dialect) {
        Objects.requireNonNull(apiKey, "apiKey");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.server = new LocalHttpServer(exchange -> router().handle(exchange));
        this.book = new TaskBook(dialect == Dialect.ACTION, server.baseUrl(), settings, hooks);
        this.router = new ProxyRouter(apiKey, dialect == Dialect.ACTION, book);
        router.speedModes = dialect == Dialect.ACTION;
    }

    /** The root, e.g. {@code http://127.0.0.1:41234}; requests go to {@code /mj/...}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public Dialect dialect() {
        return dialect;
    }

    // ---- scripting ----

    /** The next submit (of any kind) answers this; codes 1, 21 and 22 still create the task, others create none. */
    public FakeMidjourneyProxy nextSubmit(int code, String description, Map<String, ?> properties) {
        router.scripted.add(new ProxyRouter.ScriptedReply(code, description, Json.MAPPER.valueToTree(properties)));
        return this;
    }

    /** The next submit answers this HTTP status with a Spring error body, and creates nothing. */
    public FakeMidjourneyProxy nextSubmitHttpError(int status) {
        router.scripted.add(new ProxyRouter.ScriptedHttpError(status));
        return this;
    }

    /**
     * Whether the submit routes are also served under {@code /mj-relax}, {@code /mj-fast} and {@code /mj-turbo}, as
     * the .NET proxy serves them (on by default for {@link Dialect#ACTION}); off, those answer 404 like a proxy
     * without speed modes. Fetches are served on the plain route only.
     */
    public FakeMidjourneyProxy speedModes(boolean on) {
        router.speedModes = on;
        return this;
    }

    /**
     * The next submit is carried out (the task exists and runs), but the client gets this HTTP status instead of
     * the answer, as when a gateway in between times out (504) after the proxy took the job.
     */
    public FakeMidjourneyProxy nextSubmitAnswerLost(int status) {
        router.scripted.add(new ProxyRouter.ScriptedLostAnswer(status));
        return this;
    }

    /**
     * Jobs whose prompt contains this report {@code finalPrompt} as what Midjourney was given ({@code promptEn} and
     * {@code properties.finalPrompt}), as proxies do when they translate a Chinese prompt.
     */
    public FakeMidjourneyProxy finalPrompt(String promptContains, String finalPrompt) {
        settings.finalPrompt(promptContains, finalPrompt);
        return this;
    }

    /** The IN_PROGRESS percentages of jobs submitted from now on (default 10, 35, 60, 85). */
    public FakeMidjourneyProxy progressSteps(List<Integer> percentages) {
        settings.progressSteps(percentages);
        return this;
    }

    /** While IN_PROGRESS, tasks carry a preview {@code imageUrl} (off by default, as on most proxies). */
    public FakeMidjourneyProxy previewImages(boolean on) {
        settings.previews(on);
        return this;
    }

    /** What DESCRIBE tasks end with unless {@link #describedPrompts} says otherwise: four numbered prompts. */
    public static final String DEFAULT_DESCRIBED_PROMPTS = JobSettings.DEFAULT_DESCRIBED;

    /** What DESCRIBE tasks submitted from now on end with (default: {@link #DEFAULT_DESCRIBED_PROMPTS}). */
    public FakeMidjourneyProxy describedPrompts(String text) {
        settings.describedPrompts(text);
        return this;
    }

    /** The global notify hook, for tasks whose submit carried none; null turns it off. */
    public FakeMidjourneyProxy notifyHook(@Nullable String url) {
        settings.notifyHook(url);
        return this;
    }

    /** Presses of buttons whose customId starts with this answer 21 and wait in MODAL; Custom Zoom and Vary (Region) always do. */
    public FakeMidjourneyProxy modalFor(String customIdPrefix) {
        settings.modalFor(customIdPrefix);
        return this;
    }

    /**
     * The account's Remix mode: every press but an upscale answers 21 ("Waiting for window confirm") and waits in
     * MODAL for {@code /mj/submit/modal} with the new prompt, as Custom Zoom and Vary (Region) always do.
     */
    public FakeMidjourneyProxy remix(boolean on) {
        settings.remix(on);
        return this;
    }

    /** Be new-api's relay, which rewrites a MODAL press's code 21 to 1: only the task's status says MODAL. */
    public FakeMidjourneyProxy modalAnsweredAsSubmitted(boolean on) {
        settings.modalAsSubmitted(on);
        return this;
    }

    /** Jobs whose prompt contains this end in FAILURE with this reason right after their first progress step. */
    public FakeMidjourneyProxy failTask(String promptContains, String failReason) {
        settings.fail(promptContains, failReason);
        return this;
    }

    /** The next job whose prompt contains this ends in FAILURE with this reason; the ones after it succeed again. */
    public FakeMidjourneyProxy failTaskOnce(String promptContains, String failReason) {
        settings.failOnce(promptContains, failReason);
        return this;
    }

    /** Jobs whose prompt contains this stay IN_PROGRESS at their first progress step forever. */
    public FakeMidjourneyProxy stallTask(String promptContains) {
        settings.stall(promptContains);
        return this;
    }

    /** The next n image downloads (the CDN links under /attachments/) answer HTTP 503. */
    public FakeMidjourneyProxy failNextImageDownloads(int n) {
        router.failingDownloads.set(n);
        return this;
    }

    /** Finished images (the CDN links under /attachments/) trickle in over {@code total}, as from a slow CDN. */
    public FakeMidjourneyProxy slowImageDownloads(Duration total) {
        router.slowDownload = total;
        return this;
    }

    /** The next n fetches answer this HTTP status (and do not move their task). */
    public FakeMidjourneyProxy failNextFetches(int n, int status) {
        router.failingFetchStatus = status;
        router.failingFetches.set(n);
        return this;
    }

    /** From now on a clock moves every job one step per period, and fetches only look. A new period replaces the old. */
    public synchronized FakeMidjourneyProxy advanceEvery(Duration period) {
        if (clock == null) {
            clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fake-midjourney-clock");
                thread.setDaemon(true);
                return thread;
            });
        }
        if (ticking != null) {
            ticking.cancel(false);
        }
        long millis = Math.max(1, period.toMillis());
        router.clockRunning = true;
        ticking = clock.scheduleAtFixedRate(book::tick, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    // ---- recording ----

    /** Every POST under {@code /mj}, in order, including refused and unknown routes. */
    public List<Submit> submits() {
        return List.copyOf(router.submits);
    }

    /** Every {@code /mj/submit/modal}, in order, refused ones included. */
    public List<ModalSubmit> modalSubmits() {
        return router.submits.stream()
                .filter(submit -> submit.route().equals("/mj/submit/modal"))
                .map(submit -> new ModalSubmit(
                        submit.body().path("taskId").asString(""),
                        submit.body().path("prompt").asString(""),
                        submit.body().hasNonNull("maskBase64")
                                ? submit.body().path("maskBase64").asString()
                                : null))
                .toList();
    }

    public int fetchCount(String taskId) {
        AtomicInteger count = router.fetchCounts.get(taskId);
        return count == null ? 0 : count.get();
    }

    /** All fetch requests, failed ones and unknown ids included. */
    /** Downloads of finished images (not previews) served so far. */
    public int imageDownloads() {
        return router.imageDownloads.get();
    }

    public int fetches() {
        return router.fetches.get();
    }

    public List<HookCall> hookCalls() {
        return hooks.calls();
    }

    /** The task's JSON as a fetch would show it now, without moving it. */
    public Optional<JsonNode> task(String id) {
        return book.task(id);
    }

    /** All tasks, oldest first. */
    public List<JsonNode> tasks() {
        return book.tasks();
    }

    /** The PNG served as the finished task's {@code imageUrl} (different for every task). */
    public byte[] image(String taskId) {
        return router.image(taskId);
    }

    public void await(BooleanSupplier condition, Duration timeout) {
        Await.until(condition, timeout, () -> "a condition on the fake Midjourney proxy");
    }

    /** Waits until at least {@code count} hook calls were made, and returns them all. */
    public List<HookCall> awaitHookCalls(int count, Duration timeout) {
        Await.until(
                () -> hooks.calls().size() >= count,
                timeout,
                () -> count + " notify hook calls, have " + hooks.calls().size());
        return hookCalls();
    }

    @Override
    public synchronized void close() {
        if (clock != null) {
            clock.shutdownNow();
        }
        hooks.close();
        server.close();
    }

    /** The server starts before the router exists; requests only come once the constructor returned. */
    private ProxyRouter router() {
        return router;
    }
}
