package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.ContextWindow;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.LastQuestion;
import dev.chatbridge.core.conversation.TokenCounter;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryOutcome;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.storage.StorageUnavailableException;
import dev.chatbridge.core.text.Durations;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.tools.ToolBox;
import dev.chatbridge.core.vision.ImageInput;
import dev.chatbridge.core.vision.ImageLinks;
import dev.chatbridge.core.vision.VisionContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one question: loads the context and the question's images, asks the model (running the
 * tools it calls, see {@link AnswerRun}), streams the answer to the chat, and stores the
 * question/answer pair only when the answer completed. A failed or stopped answer leaves the
 * context as it was, so the next message (or /retry) works. A question over one of the user's
 * limits is refused before any of that; each answer's tokens are charged to the user's daily
 * budget once, from the gateway's usage or, when it reported none, a jtokkit estimate.
 */
public final class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);
    private static final long WATCHDOG_PERIOD_MILLIS = 250;
    /** A rough charge per image against the token budget (OpenAI: 85–765 tokens for one image at "auto"). */
    private static final int TOKENS_PER_IMAGE = 800;

    private static final ScheduledExecutorService IDLE_WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("answer-idle-watchdog").factory());

    private final ChatUpstream upstream;
    private final ConversationStore store;
    private final ChatPacer pacer;
    private final ActiveAnswers activeAnswers;
    private final BotSettings settings;
    private final VisionContext vision;
    private final ToolBox tools;
    private final AnswerGuards guards;
    private final TokenCounter tokens = new TokenCounter();

    public ChatService(
            ChatUpstream upstream,
            ConversationStore store,
            ChatPacer pacer,
            ActiveAnswers activeAnswers,
            BotSettings settings,
            VisionContext vision,
            ToolBox tools,
            AnswerGuards guards) {
        this.upstream = upstream;
        this.store = store;
        this.pacer = pacer;
        this.activeAnswers = activeAnswers;
        this.settings = settings;
        this.vision = vision;
        this.tools = tools;
        this.guards = guards;
    }

    /** What happened to one answer, for callers and tests. */
    public enum Result {
        COMPLETED,
        FAILED,
        CANCELLED,
        /** A limit refused the question before any upstream call; the user was told why and until when. */
        REFUSED
    }

    /**
     * A question asked again (/retry) whose pictures the platform can no longer give: text only, as
     * stored, its images as text references (see {@link VisionContext}); links are not fetched again.
     */
    public Result answer(ConversationKey key, String userId, String question, ChatChannel channel, Language language)
            throws InterruptedException {
        return answer(key, userId, question, List.of(), VisionContext.FoundLinks.NONE, channel, language);
    }

    /** A new message: its attachments, and the image links in its text, become images for the model. */
    public Result answer(
            ConversationKey key,
            String userId,
            String question,
            List<Attachment> attachments,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        return answer(key, userId, question, attachments, vision.linksIn(question, attachments), channel, language);
    }

    private Result answer(
            ConversationKey key,
            String userId,
            String question,
            List<Attachment> attachments,
            VisionContext.FoundLinks links,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        long started = System.nanoTime();
        String asked = question;
        QuotaUser user = new QuotaUser(key.platform(), userId);
        Optional<String> refusal = guards.quotas().admitChat(user, question, language);
        if (refusal.isPresent()) {
            return refuse(channel, refusal.get());
        }
        List<ImageInput> images = List.of();
        if (!attachments.isEmpty() || !links.links().isEmpty()) {
            channel.typing();
            VisionContext.Loaded loaded = vision.load(attachments, language);
            if (loaded.refusal() != null) {
                StreamingReply.deliverComplete(channel, pacer, loaded.refusal());
                return Result.FAILED;
            }
            VisionContext.LoadedLinks linked = vision.loadLinks(links, language);
            if (!linked.notices().isEmpty()) {
                StreamingReply.deliverComplete(channel, pacer, String.join("\n", linked.notices()));
            }
            images = Stream.concat(loaded.images().stream(), linked.images().stream())
                    .toList();
            if (images.isEmpty() && ImageLinks.onlyLinks(question)) {
                // The message was only image links and none of them gave an image: nothing left to ask.
                return Result.FAILED;
            }
            if (question.isBlank()) {
                question = Text.IMAGE_DEFAULT_QUESTION.in(language);
            }
        }
        String storedQuestion = VisionContext.storedQuestion(question, images);
        ConversationStore.Snapshot snapshot = store.beginTurn(
                key, userId, new LastQuestion(storedQuestion, asked, Attachment.Reference.allOf(attachments)));
        String systemPrompt = snapshot.settings().systemPrompt() != null
                ? snapshot.settings().systemPrompt()
                : settings.defaultSystemPrompt();
        int fixedTokens = tokens.count(question)
                + images.size() * TOKENS_PER_IMAGE
                + (systemPrompt == null ? 0 : tokens.count(systemPrompt));
        if (fixedTokens > settings.contextTokenBudget()) {
            guards.metrics().refused("context_window");
            return refuse(
                    channel, Text.LIMIT_CONTEXT_TOO_LONG.in(language, fixedTokens, settings.contextTokenBudget()));
        }
        ContextWindow window =
                ContextWindow.fit(snapshot.history(), fixedTokens, settings.contextTokenBudget(), tokens);
        if (window.trimmed() && !snapshot.trimNoticeGiven()) {
            StreamingReply.deliverComplete(channel, pacer, Text.CONTEXT_TRIMMED.in(language));
            store.markTrimNoticeGiven(key);
        }
        String model =
                vision.settings().modelFor(snapshot.settings().modelOr(settings.defaultModel()), !images.isEmpty());
        ChatRequest request =
                new ChatRequest(model, systemPrompt, window.turns(), question, images, tools.specs(), List.of());

        AnswerRun run =
                new AnswerRun(upstream, tools, guards, channel, pacer, language, key.id(), user, !images.isEmpty());
        StreamingReply reply = run.reply();
        channel.typing();
        long requested = System.nanoTime();
        guards.metrics().bridgeOverhead(Duration.ofNanos(requested - started));
        run.start(request, requested);
        // Reactor's timeout() cancels the stream before it reports the error, and cancelling blocks
        // while the SDK's reader is stuck on a silent socket; so watch for silence ourselves.
        ScheduledFuture<?> watchdog = IDLE_WATCHDOG.scheduleAtFixedRate(
                () -> {
                    if (run.silentFor(settings.idleTimeout())) {
                        run.timeOut(settings.idleTimeout());
                    }
                },
                WATCHDOG_PERIOD_MILLIS,
                WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        activeAnswers.start(key.id(), reply, run);
        DeliveryOutcome outcome;
        try {
            outcome = reply.deliver();
        } finally {
            watchdog.cancel(false);
            activeAnswers.end(key.id(), reply);
        }
        // An answer whose message the user deleted counts as cancelled: it is not kept in the context.
        Result finalResult = reply.abandoned() ? Result.CANCELLED : run.result();
        if (finalResult != Result.COMPLETED) {
            ActiveAnswers.disposeInBackground(run);
        }
        guards.metrics().answerDuration(Duration.ofNanos(System.nanoTime() - requested));
        guards.metrics().answer(finalResult.name().toLowerCase(Locale.ROOT));
        log.debug(
                "Answer for {} {} after {} platform calls, {}",
                key.id(),
                finalResult,
                outcome.platformCalls(),
                run.usage());
        if (!run.usage().equals(TokenUsage.NONE) || finalResult != Result.FAILED) {
            int promptEstimate = fixedTokens
                    + window.turns().stream().mapToInt(tokens::count).sum();
            chargeTokens(user, run.usage(), promptEstimate, reply.text());
        }
        if (finalResult == Result.COMPLETED) {
            saveTurn(key, window, storedQuestion, reply.text(), channel, language);
        }
        return finalResult;
    }

    private Result refuse(ChatChannel channel, String text) throws InterruptedException {
        guards.metrics().answer("refused");
        StreamingReply.deliverComplete(channel, pacer, text);
        return Result.REFUSED;
    }

    /**
     * Charges what the gateway reported for all rounds, or, when it reported nothing
     * ({@link TokenUsage#NONE}), a jtokkit estimate: the fixed tokens plus the window's turns in,
     * the reply out.
     */
    private void chargeTokens(QuotaUser user, TokenUsage reported, int promptEstimate, String answer) {
        boolean estimated = reported.equals(TokenUsage.NONE);
        TokenUsage used = estimated ? new TokenUsage(promptEstimate, tokens.count(answer)) : reported;
        guards.metrics().tokens("in", used.promptTokens(), estimated);
        guards.metrics().tokens("out", used.completionTokens(), estimated);
        try {
            guards.quotas().recordTokens(user, used.promptTokens(), used.completionTokens());
        } catch (StorageUnavailableException e) {
            guards.metrics().redisError("quota");
            log.error("Could not charge {} tokens to {}: {}", used, user.key(), e.getMessage());
        }
    }

    private void saveTurn(
            ConversationKey key,
            ContextWindow window,
            String question,
            String answer,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        try {
            store.appendPair(key, window.droppedTurns(), Turn.user(question), Turn.assistant(answer.strip()));
        } catch (StorageUnavailableException e) {
            log.error("Answer for {} delivered but not saved to the context: {}", key.id(), e.getMessage());
            StreamingReply.deliverComplete(channel, pacer, Text.STORAGE_DOWN.in(language));
        }
    }

    static String describe(UpstreamFailure failure, Language language, Duration breakerOpenFor) {
        return switch (failure.kind()) {
            case AUTH -> Text.ERROR_AUTH.in(language);
            case RATE_LIMITED -> Text.ERROR_RATE_LIMITED.in(language);
            case TIMEOUT -> Text.ERROR_TIMEOUT.in(language);
            case UNREACHABLE -> Text.ERROR_UNREACHABLE.in(language);
            case STREAM_CUT -> Text.ERROR_STREAM_CUT.in(language);
            case GATEWAY_ERROR -> Text.ERROR_GATEWAY.in(language, failure.detail());
            case CIRCUIT_OPEN -> Text.ERROR_CIRCUIT_OPEN.in(language, Durations.human(breakerOpenFor, language));
        };
    }
}
