package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingImage;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.delivery.ProgressMessage;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.resilience.Retries;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imagine flow on every platform: submit, show progress in one edited message, post the
 * picture with its buttons, and turn a button press back into a proxy action that runs the same
 * way. Watching is done by {@link ImagineWatcher}, which calls {@link #advance} under a lease.
 */
public final class ImagineService {

    private static final Logger log = LoggerFactory.getLogger(ImagineService.class);
    private static final int CAPTION_PROMPT = 800;

    private final MidjourneyProxy proxy;
    private final ImagineJobStore jobs;
    private final ButtonKeys keys;
    private final ChannelDirectory channels;
    private final ChatPacer pacer;
    private final ImagineSettings settings;
    private final ExecutorService executor;
    private final Quotas quotas;
    private final BridgeMetrics metrics;
    private final Retry downloadRetry = Retries.exponential(
            "midjourney-image-download",
            3,
            Duration.ofMillis(500),
            error -> error instanceof MidjourneyException e && e.kind() != MidjourneyException.Kind.TOO_LARGE);

    public ImagineService(
            MidjourneyProxy proxy,
            ImagineJobStore jobs,
            ButtonKeys keys,
            ChannelDirectory channels,
            ChatPacer pacer,
            ImagineSettings settings,
            ExecutorService executor) {
        this(proxy, jobs, keys, channels, pacer, settings, executor, Quotas.unlimited(), BridgeMetrics.none());
    }

    /** With the users' daily image-job limit and metrics of jobs by final state. */
    public ImagineService(
            MidjourneyProxy proxy,
            ImagineJobStore jobs,
            ButtonKeys keys,
            ChannelDirectory channels,
            ChatPacer pacer,
            ImagineSettings settings,
            ExecutorService executor,
            Quotas quotas,
            BridgeMetrics metrics) {
        this.quotas = quotas;
        this.metrics = metrics;
        this.proxy = proxy;
        this.jobs = jobs;
        this.keys = keys;
        this.channels = channels;
        this.pacer = pacer;
        this.settings = settings;
        this.executor = executor;
    }

    /** {@code /imagine <prompt>}: submits and starts watching; every answer goes to {@code channel}. */
    public void imagine(
            String platform, String chatId, String userId, String prompt, ChatChannel channel, Language language)
            throws InterruptedException {
        QuotaUser user = new QuotaUser(platform, userId);
        Optional<String> refusal = quotas.admitImageJob(user, language);
        if (refusal.isPresent()) {
            StreamingReply.deliverComplete(channel, pacer, refusal.get());
            return;
        }
        SubmitResult submit;
        try {
            submit = proxy.imagine(prompt, settings.notifyHookUrl());
        } catch (MidjourneyException e) {
            quotas.refundImageJob(user);
            log.warn("Imagine submit failed: {} {}", e.kind(), e.getMessage());
            StreamingReply.deliverComplete(channel, pacer, Text.IMAGINE_PROXY_ERROR.in(language, e.getMessage()));
            return;
        }
        start(submit, platform, chatId, userId, prompt, channel, language, null);
    }

    /**
     * A button press. Decides at once (the platform wants its answer within seconds) and returns the
     * short notice to show; the action itself runs in the background.
     */
    public String press(ButtonPress press, ChatChannel channel, Language language) {
        Optional<ButtonKeys.Target> found = keys.resolve(press.key());
        if (found.isEmpty()) {
            return Text.BUTTON_EXPIRED.in(language);
        }
        ButtonKeys.Target target = found.get();
        if (!target.ownerUserId().equals(press.userId())) {
            return Text.BUTTON_FOREIGN.in(language);
        }
        if (!keys.claimPress(press.key())) {
            return Text.BUTTON_ALREADY_PRESSED.in(language);
        }
        // Every button starts a new Midjourney job, so it counts against the daily image jobs.
        Optional<String> refusal = quotas.admitImageJob(new QuotaUser(press.platform(), press.userId()), language);
        if (refusal.isPresent()) {
            keys.releasePress(press.key());
            return refusal.get();
        }
        executor.submit(() -> runAction(press, target, channel, language));
        return Text.BUTTON_WORKING.in(language);
    }

    private void runAction(ButtonPress press, ButtonKeys.Target target, ChatChannel channel, Language language) {
        try {
            SubmitResult submit;
            try {
                submit = proxy.action(target.taskId(), target.customId(), settings.notifyHookUrl());
            } catch (MidjourneyException e) {
                keys.releasePress(press.key());
                quotas.refundImageJob(new QuotaUser(press.platform(), press.userId()));
                log.warn("Action {} on {} failed: {} {}", target.customId(), target.taskId(), e.kind(), e.getMessage());
                StreamingReply.deliverComplete(channel, pacer, Text.IMAGINE_PROXY_ERROR.in(language, e.getMessage()));
                return;
            }
            if (!submit.hasTask()) {
                keys.releasePress(press.key());
            }
            start(
                    submit,
                    press.platform(),
                    press.chatId(),
                    press.userId(),
                    target.prompt(),
                    channel,
                    language,
                    press.messageId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Button action failed", e);
        }
    }

    private void start(
            SubmitResult submit,
            String platform,
            String chatId,
            String userId,
            String prompt,
            ChatChannel channel,
            Language language,
            @Nullable String replyTo)
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
            StreamingReply.deliverComplete(channel, pacer, first);
            return;
        }
        metrics.imagineSubmitted();
        // Hold the task's lease until the job is saved: the proxy's notify hook may already be
        // calling about this task, and must find the job (with its progress message) when it gets in.
        String holder = "start-" + UUID.randomUUID();
        jobs.lease(submit.taskId(), holder, Duration.ofSeconds(60));
        try {
            MessageRef progressMessage;
            try {
                progressMessage = new ProgressMessage(channel, pacer)
                        .post(ImagineTexts.progress(prompt, OutgoingText.Stage.WAITING, first));
            } catch (DeliveryException e) {
                log.warn("Could not post progress for task {}: {}", submit.taskId(), e.getMessage());
                progressMessage = null;
            }
            long now = System.currentTimeMillis();
            ImagineJob job = new ImagineJob(
                    submit.taskId(),
                    platform,
                    chatId,
                    userId,
                    language.name(),
                    prompt,
                    progressMessage == null ? null : progressMessage.id(),
                    replyTo,
                    now,
                    now,
                    "SUBMITTED",
                    0,
                    settings.pollBase().toMillis(),
                    false);
            if (submit.outcome() == SubmitResult.Outcome.MODAL) {
                job = submitModal(job);
            }
            jobs.save(job, now + firstCheckDelay().toMillis());
        } finally {
            jobs.release(submit.taskId(), holder);
        }
    }

    /** Moves a job on from what the proxy says now; returns true when the job is over. */
    public boolean advance(ImagineJob job, Optional<Task> seen) throws InterruptedException {
        long now = System.currentTimeMillis();
        Language language = Language.valueOf(job.language());
        if (seen.isEmpty()) {
            if (now - job.createdAtMillis() > settings.lostTaskGrace().toMillis()) {
                finish(job, "LOST", Text.IMAGINE_LOST.in(language));
                return true;
            }
            reschedule(job.withPollInterval(backoff(job)), now);
            return false;
        }
        Task task = seen.get();
        switch (task.status()) {
            case SUCCESS -> {
                deliverImage(job, task, language);
                return true;
            }
            case FAILURE -> {
                String reason =
                        task.failReason() == null || task.failReason().isBlank() ? "unknown" : task.failReason();
                finish(job, "FAILURE", Text.IMAGINE_FAILED.in(language, reason));
                return true;
            }
            case CANCEL -> {
                finish(job, "CANCEL", Text.IMAGINE_CANCELLED.in(language));
                return true;
            }
            case MODAL -> {
                if (!job.modalSubmitted()) {
                    job = submitModal(job);
                }
            }
            case NOT_START, SUBMITTED, IN_PROGRESS, UNKNOWN -> {}
        }
        boolean changed = job.changedFrom(task.status(), task.progress());
        if (changed) {
            updateProgress(
                    job,
                    ImagineTexts.progress(
                            job.prompt(),
                            ImagineTexts.stage(task.status()),
                            ImagineTexts.status(task.status(), task.progress(), job.prompt(), language)));
        }
        ImagineJob next = job.seen(
                task.status(),
                task.progress(),
                now,
                changed ? settings.pollBase().toMillis() : backoff(job));
        if (now - next.lastChangeAtMillis() > settings.stallTimeout().toMillis()) {
            finish(
                    next,
                    "STUCK",
                    Text.IMAGINE_STUCK.in(language, settings.stallTimeout().toMinutes()));
            return true;
        }
        reschedule(next, now);
        return false;
    }

    private ImagineJob submitModal(ImagineJob job) {
        try {
            proxy.modal(job.taskId(), job.prompt(), settings.notifyHookUrl());
        } catch (MidjourneyException e) {
            log.warn("Modal for task {} failed: {}", job.taskId(), e.getMessage());
        }
        return job.withModalSubmitted();
    }

    private void reschedule(ImagineJob job, long now) {
        long delay = settings.notifyHookUrl() == null
                ? job.pollIntervalMillis()
                : Math.max(job.pollIntervalMillis(), settings.hookSafetyPoll().toMillis());
        jobs.save(job, now + delay);
    }

    private Duration firstCheckDelay() {
        return settings.notifyHookUrl() == null ? settings.pollBase() : settings.hookSafetyPoll();
    }

    private long backoff(ImagineJob job) {
        return Math.min(job.pollIntervalMillis() * 2, settings.pollMax().toMillis());
    }

    private void deliverImage(ImagineJob job, Task task, Language language) throws InterruptedException {
        ChatChannel channel = channelFor(job);
        byte[] image = download(task);
        if (image == null) {
            finish(job, "DOWNLOAD_FAILED", Text.IMAGINE_DOWNLOAD_FAILED.in(language, task.imageUrl()));
            return;
        }
        List<List<Button>> rows = GridButtons.rows(keys, job, task);
        String caption = Text.IMAGINE_CAPTION.in(language, ImagineTexts.shorten(job.prompt(), CAPTION_PROMPT));
        try {
            new ProgressMessage(channel, pacer).postImage(new OutgoingImage(image, task.id() + ".png", caption, rows));
        } catch (DeliveryException e) {
            log.error("Could not post the picture of task {}: {}", task.id(), e.getMessage());
            finish(job, "DELIVERY_FAILED", Text.IMAGINE_DOWNLOAD_FAILED.in(language, task.imageUrl()));
            return;
        }
        finish(job, "SUCCESS", Text.IMAGINE_DONE.in(language, ImagineTexts.shorten(job.prompt(), 200)));
    }

    private byte @Nullable [] download(Task task) {
        if (task.imageUrl() == null || task.imageUrl().isBlank()) {
            return null;
        }
        try {
            return downloadRetry.executeSupplier(() -> proxy.download(task.imageUrl(), settings.maxImageBytes()));
        } catch (MidjourneyException e) {
            log.warn("Download of task {} image failed: {}", task.id(), e.getMessage());
            return null;
        }
    }

    private void updateProgress(ImagineJob job, OutgoingText text) throws InterruptedException {
        if (job.progressMessageId() != null) {
            new ProgressMessage(channelFor(job), pacer).update(new MessageRef(job.progressMessageId()), text);
        }
    }

    private void finish(ImagineJob job, String state, String text) throws InterruptedException {
        metrics.imagineJob(state, Duration.ofMillis(Math.max(0, System.currentTimeMillis() - job.createdAtMillis())));
        ChatChannel channel = channelFor(job);
        if (job.progressMessageId() != null) {
            OutgoingText.Stage stage =
                    "SUCCESS".equals(state) ? OutgoingText.Stage.SUCCEEDED : OutgoingText.Stage.FAILED;
            new ProgressMessage(channel, pacer)
                    .finish(new MessageRef(job.progressMessageId()), ImagineTexts.progress(job.prompt(), stage, text));
        } else {
            StreamingReply.deliverComplete(channel, pacer, text);
        }
        jobs.remove(job.taskId());
    }

    private ChatChannel channelFor(ImagineJob job) {
        return channels.channel(new ChannelDirectory.Address(job.platform(), job.chatId(), job.replyToMessageId()))
                .orElseThrow(() -> new IllegalStateException("no adapter for platform " + job.platform()));
    }
}
