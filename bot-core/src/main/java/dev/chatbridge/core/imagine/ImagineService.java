package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.PromptReply;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imagine flow on every platform: submit, show progress in one edited message, post the
 * picture with its buttons, and turn a button press back into a proxy action that runs the same
 * way. {@link JobStarter} submits and sets up each job; watching is done by {@link ImagineWatcher},
 * which calls {@link #advance} under a lease;
 * {@link JobProgress} moves a job on from there.
 */
public final class ImagineService {

    private static final Logger log = LoggerFactory.getLogger(ImagineService.class);

    private final ChatPacer pacer;
    private final ImagineSettings settings;
    private final ExecutorService executor;
    private final Quotas quotas;
    private final ButtonKeys keys;
    private final JobProgress progress;
    private final SpeedModes speedModes;
    private final ModalInput input;
    private final ModalAnswers answers;
    private final JobStarter starter;

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
        this(
                proxy,
                jobs,
                keys,
                channels,
                pacer,
                settings,
                executor,
                quotas,
                metrics,
                SpeedModes.none(),
                new UnsharedModalAsks(),
                RegionEditor.none());
    }

    /** With the users' speed modes: their jobs are submitted under their mode's route where the proxy has it. */
    public ImagineService(
            MidjourneyProxy proxy,
            ImagineJobStore jobs,
            ButtonKeys keys,
            ChannelDirectory channels,
            ChatPacer pacer,
            ImagineSettings settings,
            ExecutorService executor,
            Quotas quotas,
            BridgeMetrics metrics,
            SpeedModes speedModes) {
        this(
                proxy,
                jobs,
                keys,
                channels,
                pacer,
                settings,
                executor,
                quotas,
                metrics,
                speedModes,
                new UnsharedModalAsks(),
                RegionEditor.none());
    }

    /**
     * With where the asks of MODAL tasks are kept ({@code asks}: shared storage, so any replica takes the answer) and
     * the mask page of Vary (Region) ({@link RegionEditor#none()} where the app serves none).
     */
    public ImagineService(
            MidjourneyProxy proxy,
            ImagineJobStore jobs,
            ButtonKeys keys,
            ChannelDirectory channels,
            ChatPacer pacer,
            ImagineSettings settings,
            ExecutorService executor,
            Quotas quotas,
            BridgeMetrics metrics,
            ModalAsks asks,
            RegionEditor regions) {
        this(proxy, jobs, keys, channels, pacer, settings, executor, quotas, metrics, SpeedModes.none(), asks, regions);
    }

    /** With everything: the users' speed modes, where MODAL asks are kept, and the Vary (Region) page. */
    public ImagineService(
            MidjourneyProxy proxy,
            ImagineJobStore jobs,
            ButtonKeys keys,
            ChannelDirectory channels,
            ChatPacer pacer,
            ImagineSettings settings,
            ExecutorService executor,
            Quotas quotas,
            BridgeMetrics metrics,
            SpeedModes speedModes,
            ModalAsks asks,
            RegionEditor regions) {
        this.speedModes = speedModes;
        this.quotas = quotas;
        this.keys = keys;
        this.progress = new JobProgress(proxy, jobs, keys, channels, pacer, settings, metrics);
        this.input = new ModalInput(proxy, jobs, asks, progress, pacer, settings, quotas, regions, speedModes);
        this.answers = new ModalAnswers(input, keys, pacer, executor, this::pressTask);
        this.starter = new JobStarter(proxy, jobs, pacer, settings, quotas, metrics, keys, progress, speedModes, input);
        this.pacer = pacer;
        this.settings = settings;
        this.executor = executor;
    }

    /** {@code /imagine <prompt>}: submits and starts watching; every answer goes to {@code channel}. */
    public void imagine(
            String platform, String chatId, String userId, String prompt, ChatChannel channel, Language language)
            throws InterruptedException {
        imagine(platform, chatId, userId, prompt, List.of(), channel, language);
    }

    /** {@code /imagine <prompt>} with image prompts ({@code images}: data URLs), sent as {@code base64Array}. */
    public void imagine(
            String platform,
            String chatId,
            String userId,
            String prompt,
            List<String> images,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        submitJob(
                platform,
                chatId,
                userId,
                prompt,
                p -> p.imagine(prompt, images, settings.notifyHookUrl()),
                images.isEmpty() ? null : ImagineJob.Origin.unrepeatable(),
                channel,
                language);
    }

    /**
     * {@code /describe}: submits the picture ({@code image}: a data URL) and watches the DESCRIBE task like any job;
     * once done, its four prompts are shown, each with a button that draws it. {@code title} names the job in its
     * progress message.
     */
    public void describe(
            String platform,
            String chatId,
            String userId,
            String image,
            String title,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        submitJob(
                platform,
                chatId,
                userId,
                title,
                p -> p.describe(image, settings.notifyHookUrl()),
                ImagineJob.Origin.unrepeatable(),
                channel,
                language);
    }

    /** {@code /blend}: 2–5 pictures (data URLs) blended into one grid, watched and posted like an imagine. */
    public void blend(
            String platform,
            String chatId,
            String userId,
            List<String> images,
            Dimensions dimensions,
            String title,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        submitJob(
                platform,
                chatId,
                userId,
                title,
                p -> p.blend(images, dimensions, settings.notifyHookUrl()),
                ImagineJob.Origin.unrepeatable(),
                channel,
                language);
    }

    /** Counts the job against the user's daily image jobs, submits it (refunded when refused) and watches it. */
    private void submitJob(
            String platform,
            String chatId,
            String userId,
            String prompt,
            Function<MidjourneyProxy, SubmitResult> submitter,
            ImagineJob.@Nullable Origin origin,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        QuotaUser user = new QuotaUser(platform, userId);
        Optional<String> refusal = quotas.admitImageJob(user, language);
        if (refusal.isPresent()) {
            StreamingReply.deliverComplete(channel, pacer, refusal.get());
            return;
        }
        starter.submit(platform, chatId, userId, prompt, submitter, origin, channel, language, null);
    }

    /**
     * A button press. Decides at once (the platform wants its answer within seconds) and returns the
     * short notice to show; the action itself runs in the background.
     */
    public String press(ButtonPress press, ChatChannel channel, Language language) {
        if (AskKeys.askKey(press.key())) {
            return answers.pressAsk(press, channel, language);
        }
        return pressTask(press, channel, language, null);
    }

    /** A task button, with the prompt a form already gave for it (Custom Zoom on Discord), or null. */
    String pressTask(ButtonPress press, ChatChannel channel, Language language, @Nullable String prompt) {
        String key = AskKeys.storedKey(press.key());
        Optional<ButtonKeys.Target> found = keys.resolve(key);
        if (found.isEmpty()) {
            return Text.BUTTON_EXPIRED.in(language);
        }
        ButtonKeys.Target target = found.get();
        if (!target.ownerUserId().equals(press.userId())) {
            return Text.BUTTON_FOREIGN.in(language);
        }
        if (prompt != null) {
            Optional<String> problem = ModalInput.problem(ModalKind.ofCustomId(target.customId()), prompt, language);
            if (problem.isPresent()) {
                return problem.get();
            }
        }
        if (!keys.claimPress(key)) {
            return Text.BUTTON_ALREADY_PRESSED.in(language);
        }
        // Every button starts a new Midjourney job, so it counts against the daily image jobs.
        Optional<String> refusal = quotas.admitImageJob(new QuotaUser(press.platform(), press.userId()), language);
        if (refusal.isPresent()) {
            keys.releasePress(key);
            return refusal.get();
        }
        if (RetryButton.isRetry(target)) {
            executor.submit(() -> runRetry(press, key, target, channel, language));
        } else {
            executor.submit(() -> runAction(press, key, target, channel, language, prompt));
        }
        return Text.BUTTON_WORKING.in(language);
    }

    /** "Try again" under a failed job: the same /imagine submitted anew, or the same button pressed again. */
    private void runRetry(
            ButtonPress press, String key, ButtonKeys.Target target, ChatChannel channel, Language language) {
        Optional<ImagineJob.Origin> repeated = RetryButton.repeatedPress(target);
        if (repeated.isPresent()) {
            ImagineJob.Origin origin = repeated.get();
            runAction(
                    press,
                    key,
                    new ButtonKeys.Target(
                            origin.taskId(),
                            origin.customId(),
                            target.ownerUserId(),
                            target.platform(),
                            target.chatId(),
                            target.prompt()),
                    channel,
                    language,
                    null);
            return;
        }
        try {
            String prompt = target.prompt();
            starter.submit(
                    press.platform(),
                    press.chatId(),
                    press.userId(),
                    prompt,
                    p -> p.imagine(prompt, settings.notifyHookUrl()),
                    null,
                    channel,
                    language,
                    press.messageId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Retrying /imagine failed", e);
        }
    }

    private void runAction(
            ButtonPress press,
            String key,
            ButtonKeys.Target target,
            ChatChannel channel,
            Language language,
            @Nullable String prompt) {
        ImagineJob.Origin origin = new ImagineJob.Origin(target.taskId(), target.customId());
        try {
            SubmitResult submit;
            try {
                // A suggested prompt's button (under a /describe result) draws it; any other presses the task's button.
                submit = starter.submitInMode(
                        press.platform(),
                        press.userId(),
                        channel,
                        language,
                        p -> DescribedPrompts.isDrawButton(target.customId())
                                ? p.imagine(target.prompt(), settings.notifyHookUrl())
                                : p.action(target.taskId(), target.customId(), settings.notifyHookUrl()));
            } catch (MidjourneyException e) {
                keys.releasePress(key);
                quotas.refundImageJob(new QuotaUser(press.platform(), press.userId()));
                log.warn("Action {} on {} failed: {} {}", target.customId(), target.taskId(), e.kind(), e.getMessage());
                starter.sayFailure(
                        channel,
                        Text.IMAGINE_PROXY_ERROR.in(language, e.getMessage()),
                        e.transientFailure()
                                ? RetryButton.action(
                                        origin, press.userId(), press.platform(), press.chatId(), target.prompt())
                                : null,
                        language);
                return;
            }
            if (!submit.hasTask()) {
                keys.releasePress(key);
            }
            starter.start(
                    submit,
                    press.platform(),
                    press.chatId(),
                    press.userId(),
                    target.prompt(),
                    channel,
                    language,
                    press.messageId().isEmpty() ? null : press.messageId(),
                    origin,
                    new JobStarter.Pressed(target, prompt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Button action failed", e);
        }
    }

    /** The users' speed modes, and what is known of the proxy's (for {@code /settings}). */
    public SpeedModes speedModes() {
        return speedModes;
    }

    /** Moves a job on from what the proxy says now; returns true when the job is over. */
    public boolean advance(ImagineJob job, Optional<Task> seen) throws InterruptedException {
        if (seen.isPresent() && seen.get().status() == Task.Status.MODAL && !job.modalSubmitted()) {
            return input.waiting(job, seen.get());
        }
        return progress.advance(job, seen);
    }

    /**
     * Completes a MODAL task with the user's answer ({@code maskBase64}: Vary (Region)'s mask as a data URL, or null)
     * and watches its job again; once per ask, on any replica, and only by the user who was asked.
     */
    public ModalOutcome completeModal(String taskId, String userId, String prompt, @Nullable String maskBase64) {
        try {
            return input.complete(taskId, userId, prompt, maskBase64).outcome();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ModalOutcome.FAILED;
        }
    }

    /**
     * The form a button opens on platforms that show one as the press's first answer (see {@link
     * AskKeys#opensForm}): Custom Zoom's prompt, or the new prompt of an ask. Reads shared storage once, touches no
     * proxy. Empty with a notice when the user cannot answer (expired, someone else's).
     */
    public FormOpening form(ButtonPress press, Language language) {
        return answers.form(press, language);
    }

    /** True when the message answers an ask: a reply to an ask's message, or a form's submission. */
    public boolean answers(PromptReply reply) {
        return answers.answers(reply);
    }

    /**
     * A message that may answer an ask: a reply to the ask's message, or a submitted form. Empty when it answers no
     * ask (a reply to an ordinary message of the bot), so the caller handles it as a message; else the notice for the
     * user (empty when there is nothing to say yet: the outcome shows in the chat).
     */
    public Optional<String> answer(PromptReply reply, ChatChannel channel, Language language) {
        return answers.answer(reply, channel, language);
    }

    /** How long a replica holds a task it works on (renewed meanwhile). */
    Duration lease() {
        return settings.lease();
    }
}
