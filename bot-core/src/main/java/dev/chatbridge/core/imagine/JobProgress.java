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
    private static final int CAPTION_PROMPT = 800;

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
        if (job.progressPending()) {
            // Whoever submitted it stopped (crashed) before its progress message was posted.
            job = postProgress(
                    job, channelFor(job), Text.IMAGINE_SUBMITTED.in(language, ImagineTexts.shorten(job.prompt(), 200)));
            jobs.save(job, now + job.pollIntervalMillis());
        }
        if (seen.isEmpty()) {
            if (now - job.createdAtMillis() > settings.lostTaskGrace().toMillis()) {
                finish(job, JobEnd.LOST, Text.IMAGINE_LOST.in(language));
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
                finish(job, JobEnd.FAILURE, Text.IMAGINE_FAILED.in(language, reason));
                return true;
            }
            case CANCEL -> {
                finish(job, JobEnd.CANCEL, Text.IMAGINE_CANCELLED.in(language));
                return true;
            }
            // A MODAL task that still waits for input is ImagineService's (ModalInput); once answered it waits here.
            case MODAL, NOT_START, SUBMITTED, IN_PROGRESS, UNKNOWN -> {}
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
                    JobEnd.STUCK,
                    Text.IMAGINE_STUCK.in(language, settings.stallTimeout().toMinutes()));
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
            finish(job, JobEnd.DOWNLOAD_FAILED, Text.IMAGINE_DOWNLOAD_FAILED.in(language, task.imageUrl()));
            return;
        }
        List<List<Button>> rows = GridButtons.rows(keys, job, task, proxy.buttonsOf(task));
        String caption = Text.IMAGINE_CAPTION.in(language, ImagineTexts.shorten(job.prompt(), CAPTION_PROMPT));
        try {
            new ProgressMessage(channel, pacer).postImage(new OutgoingImage(image, task.id() + ".png", caption, rows));
        } catch (DeliveryException e) {
            log.error("Could not post the picture of task {}: {}", task.id(), e.getMessage());
            finish(job, JobEnd.DELIVERY_FAILED, Text.IMAGINE_DOWNLOAD_FAILED.in(language, task.imageUrl()));
            return;
        }
        finish(job, JobEnd.SUCCESS, Text.IMAGINE_DONE.in(language, ImagineTexts.shorten(job.prompt(), 200)));
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

    void updateProgress(ImagineJob job, OutgoingText text) throws InterruptedException {
        if (job.progressMessageId() != null) {
            new ProgressMessage(channelFor(job), pacer).update(new MessageRef(job.progressMessageId()), text);
        }
    }

    void finish(ImagineJob job, JobEnd end, String text) throws InterruptedException {
        metrics.imagineJob(
                end.name(), Duration.ofMillis(Math.max(0, System.currentTimeMillis() - job.createdAtMillis())));
        ChatChannel channel = channelFor(job);
        if (job.progressMessageId() != null) {
            OutgoingText.Stage stage = end == JobEnd.SUCCESS ? OutgoingText.Stage.SUCCEEDED : OutgoingText.Stage.FAILED;
            new ProgressMessage(channel, pacer)
                    .finish(new MessageRef(job.progressMessageId()), ImagineTexts.progress(job.prompt(), stage, text));
        } else {
            StreamingReply.deliverComplete(channel, pacer, text);
        }
        jobs.remove(job.taskId());
    }

    ChatChannel channelFor(ImagineJob job) {
        return channels.channel(new ChannelDirectory.Address(job.platform(), job.chatId(), job.replyToMessageId()))
                .orElseThrow(() -> new IllegalStateException("no adapter for platform " + job.platform()));
    }
}
