package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MODAL task waits for its owner: this asks for the new prompt (Remix, Custom Zoom) or sends the link to the mask
 * page (Vary (Region)), keeps the ask in shared storage until it is answered, cancelled or times out, and completes
 * the task through {@code /mj/submit/modal} with the answer, after which the job is watched as before.
 */
final class ModalInput {

    private static final Logger log = LoggerFactory.getLogger(ModalInput.class);
    /** Asks are kept this much longer than they are open, so that a late answer hears it is late. */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    private static final int PROMPT_SHOWN = 1000;
    private static final Duration LEASE_WAIT = Duration.ofSeconds(5);

    /** How an answer ended; for FAILED, what to tell the user (an invalid answer, or the proxy's refusal). */
    record Completion(ModalOutcome outcome, String detail) {}

    private final MidjourneyProxy proxy;
    private final ImagineJobStore jobs;
    private final ModalAsks asks;
    private final JobProgress progress;
    private final ChatPacer pacer;
    private final ImagineSettings settings;
    private final Quotas quotas;
    private final RegionEditor regions;
    private final SpeedModes speedModes;

    ModalInput(
            MidjourneyProxy proxy,
            ImagineJobStore jobs,
            ModalAsks asks,
            JobProgress progress,
            ChatPacer pacer,
            ImagineSettings settings,
            Quotas quotas,
            RegionEditor regions,
            SpeedModes speedModes) {
        this.speedModes = speedModes;
        this.proxy = proxy;
        this.jobs = jobs;
        this.asks = asks;
        this.progress = progress;
        this.pacer = pacer;
        this.settings = settings;
        this.quotas = quotas;
        this.regions = regions;
    }

    /**
     * Asks the job's owner for what its MODAL task waits for, offering {@code offered}. Returns true when the job
     * ended instead (Vary (Region) where no mask page can be reached).
     */
    boolean ask(ImagineJob job, ModalKind kind, String offered, @Nullable String imageUrl) throws InterruptedException {
        ModalAsk ask = register(job, kind, offered);
        Language language = job.language();
        long minutes = Math.max(1, settings.askTimeout().toMinutes());
        ChatChannel channel = progress.channelFor(job);
        if (kind == ModalKind.REGION) {
            Optional<RegionEditor.RegionLink> link = regions.open(new RegionEditor.RegionRequest(
                    job.taskId(),
                    job.platform(),
                    job.chatId(),
                    job.ownerUserId(),
                    imageUrl == null ? "" : imageUrl,
                    ask.prompt()));
            if (link.isEmpty()) {
                asks.claim(job.taskId(), keep());
                quotas.refundImageJob(new QuotaUser(job.platform(), job.ownerUserId()));
                progress.finish(job, JobEnd.NO_INPUT, Text.IMAGINE_REGION_UNAVAILABLE.in(language));
                return true;
            }
            OutgoingText text = OutgoingText.plain(Text.IMAGINE_REGION_OPEN.in(language, minutes));
            String label = Text.IMAGINE_REGION_BUTTON.in(language);
            send(
                    channel,
                    () -> channel.sendLink(
                            text, label, link.get().url(), link.get().webApp()));
        } else if (channel.asksByReply()) {
            Text question = kind == ModalKind.ZOOM ? Text.IMAGINE_ASK_ZOOM : Text.IMAGINE_ASK_REMIX;
            OutgoingText text = OutgoingText.markdown(question.in(language, inCode(ask.prompt()), minutes));
            send(channel, () -> channel.sendAsk(text, Text.IMAGINE_ASK_PLACEHOLDER.in(language)))
                    .ifPresent(
                            asked -> asks.linkMessage(job.platform(), job.chatId(), asked.id(), job.taskId(), keep()));
        } else {
            Text question = kind == ModalKind.ZOOM ? Text.IMAGINE_ASK_ZOOM_BUTTONS : Text.IMAGINE_ASK_REMIX_BUTTONS;
            OutgoingText text = OutgoingText.markdown(question.in(language, inCode(ask.prompt()), minutes));
            List<List<Button>> rows = List.of(List.of(
                    new Button(Text.IMAGINE_ASK_EDIT.in(language), AskKeys.EDIT + ask.askId()),
                    new Button(Text.IMAGINE_ASK_KEEP.in(language), AskKeys.KEEP + ask.askId()),
                    new Button(Text.IMAGINE_ASK_CANCEL.in(language), AskKeys.CANCEL + ask.askId())));
            send(channel, () -> channel.sendWithButtons(text, rows));
        }
        progress.updateProgress(
                job,
                ImagineTexts.progress(
                        job.prompt(),
                        OutgoingText.Stage.WAITING,
                        Text.IMAGINE_ASK_WAITING.in(language, ImagineTexts.shorten(ask.prompt(), 200))));
        return false;
    }

    /** Keeps an ask for the job without asking anybody: the answer is already known (a Discord form came first). */
    ModalAsk register(ImagineJob job, ModalKind kind, String offered) {
        String prompt = kind == ModalKind.ZOOM ? ZoomFactor.withFactor(offered) : offered;
        ModalAsk ask = new ModalAsk(
                ButtonKeys.newKey().substring(ButtonKeys.PREFIX.length()),
                job.taskId(),
                kind,
                job.platform(),
                job.chatId(),
                job.ownerUserId(),
                job.language(),
                prompt,
                System.currentTimeMillis() + settings.askTimeout().toMillis());
        asks.save(ask, keep());
        return ask;
    }

    /**
     * A watched job whose task is still MODAL and unanswered: asks once (where the press did not, e.g. a proxy that
     * said "submitted" for a Remix), and ends the job once its ask timed out. Returns true when the job is over.
     */
    boolean waiting(ImagineJob job, Task task) throws InterruptedException {
        ImagineJob current = progress.ensureProgress(job);
        long now = System.currentTimeMillis();
        Optional<ModalAsk> ask = asks.find(current.taskId());
        if (ask.isEmpty()) {
            String offered =
                    task.finalPrompt() == null || task.finalPrompt().isBlank() ? current.prompt() : task.finalPrompt();
            if (ask(current, ModalKind.ofTaskAction(task.action()), offered, task.imageUrl())) {
                return true;
            }
        } else if (ask.get().expiredAt(now) && asks.claim(current.taskId(), keep())) {
            quotas.refundImageJob(new QuotaUser(current.platform(), current.ownerUserId()));
            progress.finish(
                    current,
                    JobEnd.NO_INPUT,
                    Text.IMAGINE_ASK_TIMED_OUT.in(
                            current.language(),
                            Math.max(1, settings.askTimeout().toMinutes())));
            return true;
        }
        // The stall timeout does not run while the user thinks: the ask's own timeout ends the wait.
        ImagineJob next = current.seen(Task.Status.MODAL, 0, now, progress.backoff(current));
        progress.reschedule(next, now);
        return false;
    }

    /** The ask and why it cannot be answered by {@code userId} now, if it cannot. */
    Optional<ModalAsk> find(String taskId) {
        return asks.find(taskId);
    }

    Optional<String> taskOfAsk(String askId) {
        return asks.taskOf(askId);
    }

    Optional<String> taskOfMessage(String platform, String chatId, String messageId) {
        return asks.taskOfMessage(platform, chatId, messageId);
    }

    /** The refusal for {@code userId} answering {@code ask}, if any: gone, someone else's, or timed out. */
    static Optional<ModalOutcome> refusal(Optional<ModalAsk> ask, String userId) {
        if (ask.isEmpty()) {
            return Optional.of(ModalOutcome.EXPIRED);
        }
        if (!ask.get().ownerUserId().equals(userId)) {
            return Optional.of(ModalOutcome.FOREIGN);
        }
        if (ask.get().expiredAt(System.currentTimeMillis())) {
            return Optional.of(ModalOutcome.EXPIRED);
        }
        return Optional.empty();
    }

    /** What is wrong with {@code prompt} as the answer to {@code ask}, in the user's words; empty when it is fine. */
    static Optional<String> problem(ModalAsk ask, String prompt, Language language) {
        return problem(ask.kind(), prompt, language);
    }

    static Optional<String> problem(ModalKind kind, String prompt, Language language) {
        if (prompt.isBlank()) {
            return Optional.of(Text.IMAGINE_USAGE.in(language));
        }
        if (kind != ModalKind.ZOOM) {
            return Optional.empty();
        }
        return ZoomFactor.problem(prompt)
                .map(written -> written.isEmpty()
                        ? Text.IMAGINE_ZOOM_MISSING.in(language)
                        : Text.IMAGINE_ZOOM_INVALID.in(language, written));
    }

    /** Sends the answer to the proxy and watches the job again; once per ask, on any replica. */
    Completion complete(String taskId, String userId, String prompt, @Nullable String maskBase64)
            throws InterruptedException {
        Optional<ModalAsk> ask = asks.find(taskId);
        Optional<ModalOutcome> refused = refusal(ask, userId);
        if (refused.isPresent()) {
            return new Completion(refused.get(), "");
        }
        Optional<String> problem = problem(ask.get(), prompt, ask.get().language());
        if (problem.isPresent()) {
            return new Completion(ModalOutcome.FAILED, problem.get());
        }
        if (!asks.claim(taskId, keep())) {
            return new Completion(ModalOutcome.ALREADY_DONE, "");
        }
        String holder = "modal-" + UUID.randomUUID();
        if (!leaseWithin(taskId, holder)) {
            asks.release(taskId);
            return new Completion(
                    ModalOutcome.FAILED, Text.IMAGINE_ASK_FAILED.in(ask.get().language(), "busy"));
        }
        try {
            Optional<ImagineJob> found = jobs.find(taskId);
            if (found.isEmpty()) {
                return new Completion(ModalOutcome.EXPIRED, "");
            }
            SubmitResult submit;
            try {
                // The rest of the job runs in the same speed mode as its start.
                submit = speedModes
                        .submit(
                                proxy,
                                found.get().platform(),
                                found.get().ownerUserId(),
                                p -> p.modal(taskId, prompt, maskBase64, settings.notifyHookUrl()))
                        .result();
            } catch (MidjourneyException e) {
                asks.release(taskId);
                log.warn("Modal for task {} failed: {} {}", taskId, e.kind(), e.getMessage());
                return new Completion(
                        ModalOutcome.FAILED,
                        Text.IMAGINE_ASK_FAILED.in(ask.get().language(), e.getMessage()));
            }
            if (!submit.hasTask()) {
                asks.release(taskId);
                log.warn("The proxy refused the modal of task {}: {} {}", taskId, submit.code(), submit.description());
                return new Completion(
                        ModalOutcome.FAILED,
                        Text.IMAGINE_ASK_FAILED.in(ask.get().language(), submit.description()));
            }
            long now = System.currentTimeMillis();
            ImagineJob job = found.get().withPrompt(prompt).withModalSubmitted();
            if (!taskId.equals(submit.taskId())) {
                // Proxies answer with the same task id; one that starts a new task is followed there.
                log.info("The modal of task {} continues as task {}", taskId, submit.taskId());
                jobs.remove(taskId);
                job = movedTo(job, submit.taskId());
            }
            progress.updateProgress(
                    job,
                    ImagineTexts.progress(
                            prompt,
                            OutgoingText.Stage.WAITING,
                            Text.IMAGINE_SUBMITTED.in(job.language(), ImagineTexts.shorten(prompt, 200))));
            jobs.save(
                    job.withPollInterval(settings.pollBase().toMillis()),
                    now + firstCheckDelay().toMillis());
            return new Completion(ModalOutcome.SUBMITTED, "");
        } finally {
            jobs.release(taskId, holder);
        }
    }

    /** The owner gave up: the job ends, and the image job it counted is given back. */
    ModalOutcome cancel(String taskId, String userId) throws InterruptedException {
        Optional<ModalAsk> ask = asks.find(taskId);
        if (ask.isEmpty() || !ask.get().ownerUserId().equals(userId)) {
            return ask.isEmpty() ? ModalOutcome.EXPIRED : ModalOutcome.FOREIGN;
        }
        if (!asks.claim(taskId, keep())) {
            return ModalOutcome.ALREADY_DONE;
        }
        String holder = "modal-" + UUID.randomUUID();
        leaseWithin(taskId, holder);
        try {
            Optional<ImagineJob> job = jobs.find(taskId);
            if (job.isPresent()) {
                quotas.refundImageJob(
                        new QuotaUser(job.get().platform(), job.get().ownerUserId()));
                progress.finish(
                        job.get(),
                        JobEnd.NO_INPUT,
                        Text.IMAGINE_ASK_CANCELLED.in(job.get().language()));
            }
            return ModalOutcome.SUBMITTED;
        } finally {
            jobs.release(taskId, holder);
        }
    }

    /** What the user hears when an answer was not taken. */
    static String explain(Completion completion, Language language) {
        return switch (completion.outcome()) {
            case SUBMITTED -> "";
            case EXPIRED -> Text.IMAGINE_ASK_EXPIRED.in(language);
            case FOREIGN -> Text.IMAGINE_ASK_FOREIGN.in(language);
            case ALREADY_DONE -> Text.IMAGINE_ASK_DONE.in(language);
            case FAILED -> completion.detail();
        };
    }

    /** Tells the chat, waiting out the chat's pacing; best effort. */
    void say(ChatChannel channel, String text) throws InterruptedException {
        if (!text.isEmpty()) {
            StreamingReply.deliverComplete(channel, pacer, text);
        }
    }

    private boolean leaseWithin(String taskId, String holder) throws InterruptedException {
        long deadline = System.nanoTime() + LEASE_WAIT.toNanos();
        while (!jobs.lease(taskId, holder, settings.lease())) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(50); // a watcher holds it for one poll at most
        }
        return true;
    }

    private Optional<MessageRef> send(ChatChannel channel, Post post) throws InterruptedException {
        pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
        try {
            return Optional.of(post.send());
        } catch (DeliveryException e) {
            log.warn("Could not ask in {}: {}", channel.pacingKey(), e.getMessage());
            return Optional.empty();
        }
    }

    @FunctionalInterface
    private interface Post {
        MessageRef send() throws DeliveryException;
    }

    private Duration keep() {
        return settings.askTimeout().plus(KEPT_AFTER_EXPIRY);
    }

    private Duration firstCheckDelay() {
        return settings.notifyHookUrl() == null ? settings.pollBase() : settings.hookSafetyPoll();
    }

    /** The prompt inside a code span (tap to copy on Telegram): backticks cannot be inside one. */
    private static String inCode(String prompt) {
        return ImagineTexts.shorten(prompt.replace('`', '\''), PROMPT_SHOWN);
    }

    private static ImagineJob movedTo(ImagineJob job, String taskId) {
        return new ImagineJob(
                taskId,
                job.platform(),
                job.chatId(),
                job.ownerUserId(),
                job.language(),
                job.prompt(),
                job.progressMessageId(),
                job.replyToMessageId(),
                job.createdAtMillis(),
                job.lastChangeAtMillis(),
                job.lastStatus(),
                job.lastProgress(),
                job.pollIntervalMillis(),
                job.modalSubmitted(),
                job.progressPending());
    }
}
