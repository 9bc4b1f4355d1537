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
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.resilience.Retries;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a watched job on from what the proxy reports: the progress message edited as the task
 * advances, a MODAL task completed, and at the end the picture posted with its buttons, or the
 * failure said, in place of the progress message.
 */
final class JobProgress {

    private static final Logger log = LoggerFactory.getLogger(JobProgress.class);

    private final MidjourneyProxy proxy;
    private final ImagineJobStore jobs;
    private final ButtonKeys keys;
    private final ChannelDirectory channels;
    private final ChatPacer pacer;
    private final ImagineSettings settings;
    private final BridgeMetrics metrics;
    private final Retry downloadRetry = Retries.exponential(
            "midjourney-image-download",
            3,
            Duration.ofMillis(500),
            error -> error instanceof MidjourneyException e && e.kind() != MidjourneyException.Kind.TOO_LARGE);

    JobProgress(
            MidjourneyProxy proxy,
            ImagineJobStore jobs,
            ButtonKeys keys,
            ChannelDirectory channels,
            ChatPacer pacer,
            ImagineSettings settings,
            BridgeMetrics metrics) {
        this.proxy = proxy;
        this.jobs = jobs;
        this.keys = keys;
        this.channels = channels;
        this.pacer = pacer;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Moves a job on from what the proxy says now; returns true when the job is over. */
    boolean advance(ImagineJob job, Optional<Task> seen) throws InterruptedException {
        long now = System.currentTimeMillis();
        Language language = job.language();
        // Whoever submitted it may have stopped (crashed) before its progress message was posted.
        job = ensureProgress(job);
        if (seen.isEmpty()) {
            if (now - job.createdAtMillis() > settings.lostTaskGrace().toMillis()) {
                finish(job, JobEnd.LOST, Text.IMAGINE_LOST.in(language), retryRows(job));
                return true;
            }
            reschedule(job.withPollInterval(backoff(job)), now);
            return false;
        }
        Task task = seen.get();
        switch (task.status()) {
            case SUCCESS -> {
                if (DescribedPrompts.isDescribe(task)) {
                    deliverPrompts(job, task, language);
                } else {
                    deliverImage(job, task, language);
                }
                return true;
            }
            case FAILURE -> {
                String reason =
                        task.failReason() == null || task.failReason().isBlank() ? "unknown" : task.failReason();
                finish(job, JobEnd.FAILURE, Text.IMAGINE_FAILED.in(language, reason), retryRows(job));
                return true;
            }
            case CANCEL -> {
                finish(job, JobEnd.CANCEL, Text.IMAGINE_CANCELLED.in(language), List.of());
                return true;
            }
            // A MODAL task that still waits for input is ImagineService's (ModalInput); once answered it waits here.
            case MODAL, NOT_START, SUBMITTED, IN_PROGRESS, UNKNOWN -> {}
        }
        boolean changed = job.changedFrom(task.status(), task.progress());
        if (changed) {
            job = showProgress(
                    job,
                    task,
                    ImagineTexts.progress(
                            job.prompt(),
                            ImagineTexts.stage(task.status()),
                            ImagineTexts.status(task.status(), task.progress(), job.prompt(), language)),
                    now);
        }
        ImagineJob next = job.seen(
                task.status(),
                task.progress(),
                now,
                changed ? settings.pollBase().toMillis() : backoff(job));
        if (now - next.lastChangeAtMillis() > settings.stallTimeout().toMillis()) {
            finish(
                    next,
                    JobEnd.STUCK,
                    Text.IMAGINE_STUCK.in(language, settings.stallTimeout().toMinutes()),
                    retryRows(next));
            return true;
        }
        reschedule(next, now);
        return false;
    }

    /** Posts the job's progress message; a job whose message cannot be posted goes on without one. */
    ImagineJob postProgress(ImagineJob job, ChatChannel channel, String status) throws InterruptedException {
        try {
            MessageRef posted = new ProgressMessage(channel, pacer)
                    .post(ImagineTexts.progress(job.prompt(), OutgoingText.Stage.WAITING, status));
            return job.withProgressMessage(posted.id());
        } catch (DeliveryException e) {
            log.warn("Could not post progress for task {}: {}", job.taskId(), e.getMessage());
            return job.withProgressMessage(null);
        }
    }

    /** Posts the progress message of a job whose submitter stopped before it could. */
    ImagineJob ensureProgress(ImagineJob job) throws InterruptedException {
        if (!job.progressPending()) {
            return job;
        }
        ImagineJob posted = postProgress(
                job,
                channelFor(job),
                Text.IMAGINE_SUBMITTED.in(job.language(), ImagineTexts.shorten(job.prompt(), 200)));
        jobs.save(posted, System.currentTimeMillis() + posted.pollIntervalMillis());
        return posted;
    }

    void reschedule(ImagineJob job, long now) {
        long delay = settings.notifyHookUrl() == null
                ? job.pollIntervalMillis()
                : Math.max(job.pollIntervalMillis(), settings.hookSafetyPoll().toMillis());
        jobs.save(job, now + delay);
    }

    long backoff(ImagineJob job) {
        return Math.min(job.pollIntervalMillis() * 2, settings.pollMax().toMillis());
    }

    private void deliverImage(ImagineJob job, Task task, Language language) throws InterruptedException {
        ChatChannel channel = channelFor(job);
        byte[] image = download(task);
        if (image == null) {
            finish(job, JobEnd.DOWNLOAD_FAILED, Text.IMAGINE_DOWNLOAD_FAILED.in(language, task.imageUrl()), List.of());
            return;
        }
        List<List<Button>> rows = GridButtons.rows(keys, job, task, proxy.buttonsOf(task));
        String caption = ImagineTexts.caption(job.prompt(), task.finalPrompt(), language);
        try {
            new ProgressMessage(channel, pacer).postImage(new OutgoingImage(image, task.id() + ".png", caption, rows));
        } catch (DeliveryException e) {
            log.error("Could not post the picture of task {}: {}", task.id(), e.getMessage());
            finish(job, JobEnd.DELIVERY_FAILED, Text.IMAGINE_DOWNLOAD_FAILED.in(language, task.imageUrl()), List.of());
            return;
        }
        if (job.preview() != null && job.progressMessageId() != null) {
            // The progress message shows an early, blurry preview: the picture just posted replaces it, so
            // it goes, and the job leaves one picture behind instead of two.
            new ProgressMessage(channel, pacer).delete(new MessageRef(job.progressMessageId()));
            ended(job, JobEnd.SUCCESS);
            return;
        }
        finish(job, JobEnd.SUCCESS, Text.IMAGINE_DONE.in(language, ImagineTexts.shorten(job.prompt(), 200)), List.of());
    }

    /**
     * Shows a task that had finished before this job asked for it (the proxy answered code 21 for a
     * button pressed again): its picture with its buttons, as if it had just been drawn, without a
     * progress message. {@code job} is not stored; it only says whose the buttons are and where to post.
     */
    void showFinished(ImagineJob job, Task task) throws InterruptedException {
        ChatChannel channel = channelFor(job);
        byte[] image = download(task);
        if (image == null) {
            StreamingReply.deliverComplete(
                    channel, pacer, Text.IMAGINE_DOWNLOAD_FAILED.in(job.language(), task.imageUrl()));
            return;
        }
        List<List<Button>> rows = GridButtons.rows(keys, job, task, proxy.buttonsOf(task));
        String caption = ImagineTexts.caption(job.prompt(), task.finalPrompt(), job.language());
        try {
            new ProgressMessage(channel, pacer).postImage(new OutgoingImage(image, task.id() + ".png", caption, rows));
        } catch (DeliveryException e) {
            log.error("Could not post the picture of task {}: {}", task.id(), e.getMessage());
        }
    }

    /**
     * The progress message's next state. While the task runs with a preview picture (and previews are on),
     * the picture goes into the message, at most once per {@link ImagineSettings#previewInterval()} and only
     * when it changed; otherwise the text (or, under a picture, the caption) is updated.
     */
    private ImagineJob showProgress(ImagineJob job, Task task, OutgoingText text, long now)
            throws InterruptedException {
        if (job.progressMessageId() == null) {
            return job;
        }
        MessageRef message = new MessageRef(job.progressMessageId());
        ProgressMessage progressMessage = new ProgressMessage(channelFor(job), pacer);
        if (previewDue(job, task, now)) {
            byte[] png = downloadPreview(task);
            if (png != null && progressMessage.updatePicture(message, text, png)) {
                return job.withPreview(new ImagineJob.Preview(task.imageUrl(), now));
            }
        }
        if (job.preview() != null) {
            progressMessage.updateCaption(message, text);
        } else {
            progressMessage.update(message, text);
        }
        return job;
    }

    private boolean previewDue(ImagineJob job, Task task, long now) {
        String url = task.imageUrl();
        if (!settings.previews() || task.status() != Task.Status.IN_PROGRESS || url == null || url.isBlank()) {
            return false;
        }
        ImagineJob.Preview shown = job.preview();
        return shown == null
                || (!shown.imageUrl().equals(url)
                        && now - shown.shownAtMillis()
                                >= settings.previewInterval().toMillis());
    }

    /** A preview is only a courtesy: one attempt, and the text goes on without it. */
    private byte @Nullable [] downloadPreview(Task task) {
        try {
            return proxy.download(task.imageUrl(), settings.maxImageBytes());
        } catch (MidjourneyException e) {
            log.debug("Preview of task {} not downloaded: {}", task.id(), e.getMessage());
            return null;
        }
    }

    /** A "try again" button that repeats what the job was: the same /imagine, or the same button press. */
    private List<List<Button>> retryRows(ImagineJob job) {
        ButtonKeys.Target retry = RetryButton.of(
                job.origin(), job.taskId(), job.ownerUserId(), job.platform(), job.chatId(), job.prompt());
        if (retry == null) {
            return List.of();
        }
        return List.of(List.of(new Button(Text.IMAGINE_RETRY_BUTTON.in(job.language()), keys.create(retry))));
    }

    /** A finished /describe: its prompts, each with a button that draws it, below the finished progress message. */
    private void deliverPrompts(ImagineJob job, Task task, Language language) throws InterruptedException {
        List<String> prompts = DescribedPrompts.parse(task.prompt());
        if (prompts.isEmpty()) {
            finish(job, JobEnd.FAILURE, Text.DESCRIBE_EMPTY.in(language), List.of());
            return;
        }
        ChatChannel channel = channelFor(job);
        List<String> messages = DescribedPrompts.messages(
                Text.DESCRIBE_RESULT.in(language), prompts, channel.limits().maxTextLength());
        List<List<Button>> rows = DescribedPrompts.buttons(keys, job, task, prompts);
        ProgressMessage out = new ProgressMessage(channel, pacer);
        try {
            for (int i = 0; i < messages.size() - 1; i++) {
                out.post(OutgoingText.plain(messages.get(i)));
            }
            out.postWithButtons(OutgoingText.plain(messages.getLast()), rows);
        } catch (DeliveryException e) {
            log.error("Could not post the prompts of task {}: {}", task.id(), e.getMessage());
            finish(job, JobEnd.DELIVERY_FAILED, Text.DESCRIBE_NOT_SHOWN.in(language), List.of());
            return;
        }
        finish(job, JobEnd.SUCCESS, Text.IMAGINE_DONE.in(language, ImagineTexts.shorten(job.prompt(), 200)), List.of());
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

    /** Shows a new status in the job's progress message; a message that shows a preview keeps its picture. */
    void updateProgress(ImagineJob job, OutgoingText text) throws InterruptedException {
        if (job.progressMessageId() == null) {
            return;
        }
        ProgressMessage message = new ProgressMessage(channelFor(job), pacer);
        if (job.preview() != null) {
            message.updateCaption(new MessageRef(job.progressMessageId()), text);
        } else {
            message.update(new MessageRef(job.progressMessageId()), text);
        }
    }

    /** Says how the job ended in its progress message (or a new one). */
    void finish(ImagineJob job, JobEnd end, String text) throws InterruptedException {
        finish(job, end, text, List.of());
    }

    /** Says how the job ended in its progress message (or a new one), with {@code buttons} under it. */
    private void finish(ImagineJob job, JobEnd end, String text, List<List<Button>> buttons)
            throws InterruptedException {
        ChatChannel channel = channelFor(job);
        if (job.progressMessageId() != null) {
            OutgoingText.Stage stage = end == JobEnd.SUCCESS ? OutgoingText.Stage.SUCCEEDED : OutgoingText.Stage.FAILED;
            new ProgressMessage(channel, pacer)
                    .finish(
                            new MessageRef(job.progressMessageId()),
                            ImagineTexts.progress(job.prompt(), stage, text),
                            buttons,
                            job.preview() != null);
        } else if (!buttons.isEmpty()) {
            sayWithButtons(channel, text, buttons);
        } else {
            StreamingReply.deliverComplete(channel, pacer, text);
        }
        ended(job, end);
    }

    /** A new message with buttons; a channel that cannot show them gets the text alone. */
    private void sayWithButtons(ChatChannel channel, String text, List<List<Button>> buttons)
            throws InterruptedException {
        try {
            new ProgressMessage(channel, pacer).postWithButtons(OutgoingText.plain(text), buttons);
        } catch (DeliveryException e) {
            log.debug("Buttons not shown in {}: {}", channel.pacingKey(), e.getMessage());
            StreamingReply.deliverComplete(channel, pacer, text);
        }
    }

    private void ended(ImagineJob job, JobEnd end) {
        metrics.imagineJob(
                end.name(), Duration.ofMillis(Math.max(0, System.currentTimeMillis() - job.createdAtMillis())));
        jobs.remove(job.taskId());
    }

    ChatChannel channelFor(ImagineJob job) {
        return channels.channel(new ChannelDirectory.Address(job.platform(), job.chatId(), job.replyToMessageId()))
                .orElseThrow(() -> new IllegalStateException("no adapter for platform " + job.platform()));
    }
}
