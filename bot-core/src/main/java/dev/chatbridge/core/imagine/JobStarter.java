package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.delivery.ProgressMessage;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Midjourney job: submits it in the user's speed mode, says why when the proxy refuses
 * (with "try again" where that may help), saves the job before any platform call, posts its
 * progress message, and asks the user where the task waits for input (MODAL). What the proxy's
 * code 21 means is decided here too, by the task's status. {@link ImagineService} admits the job
 * (quota, owner, presses); {@link JobProgress} moves it on afterwards.
 */
final class JobStarter {

    private static final Logger log = LoggerFactory.getLogger(JobStarter.class);

    private final MidjourneyProxy proxy;
    private final ImagineJobStore jobs;
    private final ChatPacer pacer;
    private final ImagineSettings settings;
    private final Quotas quotas;
    private final BridgeMetrics metrics;
    private final ButtonKeys keys;
    private final JobProgress progress;
    private final SpeedModes speedModes;
    private final ModalInput input;

    JobStarter(
            MidjourneyProxy proxy,
            ImagineJobStore jobs,
            ChatPacer pacer,
            ImagineSettings settings,
            Quotas quotas,
            BridgeMetrics metrics,
            ButtonKeys keys,
            JobProgress progress,
            SpeedModes speedModes,
            ModalInput input) {
        this.proxy = proxy;
        this.jobs = jobs;
        this.pacer = pacer;
        this.settings = settings;
        this.quotas = quotas;
        this.metrics = metrics;
        this.keys = keys;
        this.progress = progress;
        this.speedModes = speedModes;
        this.input = input;
    }

    /**
     * Submits a job (the quota already admitted it) in the user's speed mode and starts watching it;
     * {@code origin} is null for a plain {@code /imagine}, which "try again" submits anew.
     */
    void submit(
            String platform,
            String chatId,
            String userId,
            String prompt,
            Function<MidjourneyProxy, SubmitResult> submitter,
            ImagineJob.@Nullable Origin origin,
            ChatChannel channel,
            Language language,
            @Nullable String replyTo)
            throws InterruptedException {
        SubmitResult submit;
        try {
            submit = submitInMode(platform, userId, channel, language, submitter);
        } catch (MidjourneyException e) {
            quotas.refundImageJob(new QuotaUser(platform, userId));
            log.warn("Imagine submit failed: {} {}", e.kind(), e.getMessage());
            sayFailure(
                    channel,
                    Text.IMAGINE_PROXY_ERROR.in(language, e.getMessage()),
                    e.transientFailure() ? RetryButton.of(origin, "", userId, platform, chatId, prompt) : null,
                    language);
            return;
        }
        start(submit, platform, chatId, userId, prompt, channel, language, replyTo, origin, null);
    }

    /**
     * Says why a submit failed, with a "try again" button under it when trying again may help (the
     * proxy was down or its queue full); where buttons cannot be shown, the text alone.
     */
    void sayFailure(ChatChannel channel, String text, ButtonKeys.@Nullable Target retry, Language language)
            throws InterruptedException {
        if (retry != null) {
            Button button = new Button(Text.IMAGINE_RETRY_BUTTON.in(language), keys.create(retry));
            try {
                new ProgressMessage(channel, pacer).postWithButtons(OutgoingText.plain(text), List.of(List.of(button)));
                return;
            } catch (DeliveryException e) {
                log.debug("Retry button not shown in {}: {}", channel.pacingKey(), e.getMessage());
            }
        }
        StreamingReply.deliverComplete(channel, pacer, text);
    }

    /** The button a job was started by, and the answer a form gave for it before the press (or null). */
    record Pressed(ButtonKeys.Target target, @Nullable String prompt) {}

    void start(
            SubmitResult submit,
            String platform,
            String chatId,
            String userId,
            String prompt,
            ChatChannel channel,
            Language language,
            @Nullable String replyTo,
            ImagineJob.@Nullable Origin origin,
            @Nullable Pressed pressed)
            throws InterruptedException {
        String shown = ImagineTexts.shorten(prompt, 200);
        String first = switch (submit.outcome()) {
            case SUBMITTED, MODAL -> Text.IMAGINE_SUBMITTED.in(language, shown);
            case QUEUED ->
                Text.IMAGINE_QUEUED.in(language, shown, submit.queuePosition() == null ? "?" : submit.queuePosition());
            case EXISTS -> Text.IMAGINE_EXISTS.in(language, shown);
            case QUEUE_FULL -> Text.IMAGINE_QUEUE_FULL.in(language);
            case BANNED ->
                Text.IMAGINE_BANNED.in(
                        language, submit.bannedWord() == null ? submit.description() : submit.bannedWord());
            case FAILED -> Text.IMAGINE_REJECTED.in(language, submit.code(), submit.description());
        };
        if (!submit.hasTask()) {
            quotas.refundImageJob(new QuotaUser(platform, userId));
            sayFailure(
                    channel,
                    first,
                    submit.outcome() == SubmitResult.Outcome.QUEUE_FULL
                            ? RetryButton.of(origin, "", userId, platform, chatId, prompt)
                            : null,
                    language);
            return;
        }
        // Custom Zoom and Vary (Region) always wait for input; any other action does when the account has Remix on.
        boolean modal = submit.outcome() == SubmitResult.Outcome.MODAL
                || (pressed != null && ModalKind.alwaysAsks(pressed.target().customId()));
        if (submit.outcome() == SubmitResult.Outcome.EXISTS) {
            // Code 21 means "already exists" (a button pressed before) and, in some forks, "waiting for the
            // modal": only the task's status tells them apart.
            Optional<Task> existing = fetchQuietly(submit.taskId());
            if (existing.isPresent() && existing.get().status() == Task.Status.MODAL) {
                modal = true;
            } else if (existing.isPresent() && existing.get().status() == Task.Status.SUCCESS) {
                // Nothing new is drawn: show what was, and give the image job back.
                quotas.refundImageJob(new QuotaUser(platform, userId));
                progress.showFinished(
                        newJob(submit.taskId(), platform, chatId, userId, language, prompt, replyTo, origin),
                        existing.get());
                return;
            } else if (jobs.find(submit.taskId()).isPresent()) {
                // Still being drawn, and watched already (its progress message is in the chat): a second
                // job would fight the first over the task.
                quotas.refundImageJob(new QuotaUser(platform, userId));
                StreamingReply.deliverComplete(channel, pacer, first);
                return;
            }
        }
        metrics.imagineSubmitted();
        // Hold the task's lease while the job is set up: the proxy's notify hook may already be
        // calling about this task, and must find the job (with its progress message) when it gets in.
        String holder = "start-" + UUID.randomUUID();
        jobs.lease(submit.taskId(), holder, settings.lease());
        ModalKind kind = pressed == null
                ? ModalKind.REMIX
                : ModalKind.ofCustomId(pressed.target().customId());
        String answered = null;
        try (LeaseHeartbeat held = LeaseHeartbeat.keep(jobs, submit.taskId(), holder, settings.lease())) {
            long now = System.currentTimeMillis();
            ImagineJob job = newJob(submit.taskId(), platform, chatId, userId, language, prompt, replyTo, origin);
            // Saved before any platform call: posting the progress message may wait out a 429 for
            // many seconds, and a crash meanwhile must still leave a job that a watcher finishes.
            jobs.save(job, now + firstCheckDelay().toMillis());
            job = progress.postProgress(job, channel, first);
            jobs.save(job, now + firstCheckDelay().toMillis());
            if (modal && pressed != null && pressed.prompt() != null) {
                input.register(job, kind, prompt);
                answered = pressed.prompt();
            } else if (modal) {
                input.ask(job, kind, offeredPrompt(submit.taskId(), prompt), imageOf(kind, pressed));
            }
        } finally {
            jobs.release(submit.taskId(), holder);
        }
        if (answered != null) {
            String told = ModalInput.explain(input.complete(submit.taskId(), userId, answered, null), language);
            input.say(channel, told);
        }
    }

    /** What Midjourney will be given unless the user changes it: the MODAL task's final prompt, else the job's. */
    private String offeredPrompt(String taskId, String prompt) {
        try {
            return proxy.fetch(taskId)
                    .map(Task::finalPrompt)
                    .filter(finalPrompt -> !finalPrompt.isBlank())
                    .orElse(prompt);
        } catch (MidjourneyException e) {
            return prompt;
        }
    }

    /** The picture a Vary (Region) paints on: the upscaled image the button was under. */
    private @Nullable String imageOf(ModalKind kind, @Nullable Pressed pressed) {
        if (kind != ModalKind.REGION || pressed == null) {
            return null;
        }
        try {
            return proxy.fetch(pressed.target().taskId()).map(Task::imageUrl).orElse(null);
        } catch (MidjourneyException e) {
            log.warn(
                    "Could not fetch task {} for its picture: {}",
                    pressed.target().taskId(),
                    e.getMessage());
            return null;
        }
    }

    /**
     * Submits in the user's speed mode (see {@link SpeedModes}); when the proxy turns out not to offer modes, the
     * user is told so once, and the job runs at the proxy's default speed.
     */
    <T> T submitInMode(
            String platform,
            String userId,
            ChatChannel channel,
            Language language,
            java.util.function.Function<MidjourneyProxy, T> submit)
            throws InterruptedException {
        SpeedModes.Routed<T> routed = speedModes.submit(proxy, platform, userId, submit);
        if (routed.modeDropped() && speedModes.firstNotice(platform, userId)) {
            String mode =
                    speedModes.modeOf(platform, userId).map(SpeedMode::code).orElse("");
            StreamingReply.deliverComplete(channel, pacer, Text.IMAGINE_SPEED_UNAVAILABLE.in(language, mode));
        }
        return routed.result();
    }

    /** A job just submitted, before its progress message is posted. */
    private ImagineJob newJob(
            String taskId,
            String platform,
            String chatId,
            String userId,
            Language language,
            String prompt,
            @Nullable String replyTo,
            ImagineJob.@Nullable Origin origin) {
        long now = System.currentTimeMillis();
        return new ImagineJob(
                        taskId,
                        platform,
                        chatId,
                        userId,
                        language,
                        prompt,
                        null,
                        replyTo,
                        now,
                        now,
                        Task.Status.SUBMITTED,
                        0,
                        settings.pollBase().toMillis(),
                        false,
                        true)
                .withOrigin(origin);
    }

    /** The task, or empty when the proxy does not know it or cannot be asked now. */
    private Optional<Task> fetchQuietly(String taskId) {
        try {
            return proxy.fetch(taskId);
        } catch (MidjourneyException e) {
            log.warn("Could not fetch the existing task {}: {}", taskId, e.getMessage());
            return Optional.empty();
        }
    }

    private Duration firstCheckDelay() {
        return settings.notifyHookUrl() == null ? settings.pollBase() : settings.hookSafetyPoll();
    }
}
