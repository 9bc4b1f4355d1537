package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.ContextWindow;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.StorageUnavailableException;
import dev.chatbridge.core.conversation.TokenCounter;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryOutcome;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Durations;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Answers one question: loads the context, asks the model, streams the answer to the chat, and
 * stores the question/answer pair only when the answer completed. A failed or stopped answer
 * leaves the context as it was, so the next message (or /retry) works.
 */
public final class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);
    private static final long WATCHDOG_PERIOD_MILLIS = 250;
    private static final ScheduledExecutorService IDLE_WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("answer-idle-watchdog").factory());

    private final ChatUpstream upstream;
    private final ConversationStore store;
    private final ChatPacer pacer;
    private final ActiveAnswers activeAnswers;
    private final BotSettings settings;
    private final AnswerGuards guards;
    private final TokenCounter tokens = new TokenCounter();

    public ChatService(
            ChatUpstream upstream, ConversationStore store, ChatPacer pacer, ActiveAnswers activeAnswers,
            BotSettings settings, AnswerGuards guards) {
        this.guards = guards;
        this.upstream = upstream;
        this.store = store;
        this.pacer = pacer;
        this.activeAnswers = activeAnswers;
        this.settings = settings;
    }

    /** What happened to one answer, for callers and tests. */
    public enum Result {
        COMPLETED,
        FAILED,
        CANCELLED,
        /** A limit refused the question before any upstream call; the user was told why and until when. */
        REFUSED
    }

    public Result answer(ConversationKey key, String userId, String question, ChatChannel channel, Language language)
            throws InterruptedException {
        long started = System.nanoTime();
        QuotaUser user = new QuotaUser(key.platform(), userId);
        Optional<String> refusal = guards.quotas().admitChat(user, question, language);
        if (refusal.isPresent()) {
            return refuse(channel, refusal.get());
        }
        ConversationStore.Snapshot snapshot = store.beginTurn(key, userId, question);
        String systemPrompt = snapshot.settings().systemPrompt() != null
                ? snapshot.settings().systemPrompt()
                : settings.defaultSystemPrompt();
        int fixedTokens = tokens.count(question) + (systemPrompt == null ? 0 : tokens.count(systemPrompt));
        if (fixedTokens > settings.contextTokenBudget()) {
            guards.metrics().refused("context_window");
            return refuse(channel, Text.LIMIT_CONTEXT_TOO_LONG.in(language, fixedTokens, settings.contextTokenBudget()));
        }
        ContextWindow window =
                ContextWindow.fit(snapshot.history(), fixedTokens, settings.contextTokenBudget(), tokens);
        if (window.trimmed() && !snapshot.trimNoticeGiven()) {
            StreamingReply.deliverComplete(channel, pacer, Text.CONTEXT_TRIMMED.in(language));
            store.markTrimNoticeGiven(key);
        }
        ChatRequest request = new ChatRequest(
                snapshot.settings().modelOr(settings.defaultModel()), systemPrompt, window.turns(), question);

        StreamingReply reply = new StreamingReply(channel, pacer);
        AtomicReference<Result> result = new AtomicReference<>();
        AtomicReference<TokenUsage> usage = new AtomicReference<>();
        AtomicLong lastActivity = new AtomicLong(System.nanoTime());
        AtomicBoolean firstToken = new AtomicBoolean();
        channel.typing();
        long requested = System.nanoTime();
        guards.metrics().bridgeOverhead(Duration.ofNanos(requested - started));
        Disposable subscription = upstream.stream(request, usage::set)
                .doOnNext(delta -> {
                    lastActivity.set(System.nanoTime());
                    if (firstToken.compareAndSet(false, true)) {
                        guards.metrics().firstToken(Duration.ofNanos(System.nanoTime() - requested));
                    }
                })
                .subscribe(
                        reply::append,
                        error -> fail(key, result, reply, UpstreamFailure.of(error), language),
                        () -> {
                            result.compareAndSet(null, Result.COMPLETED);
                            reply.finish("");
                        });
        // Reactor's timeout() cancels the stream before it reports the error, and cancelling blocks
        // while the SDK's reader is stuck on a silent socket; so watch for silence ourselves.
        ScheduledFuture<?> watchdog = IDLE_WATCHDOG.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastActivity.get() > settings.idleTimeout().toNanos()) {
                fail(key, result, reply, new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "silent for " + settings.idleTimeout()), language);
                ActiveAnswers.disposeInBackground(subscription);
            }
        }, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        activeAnswers.start(key.id(), reply, subscription);
        DeliveryOutcome outcome;
        try {
            outcome = reply.deliver();
        } finally {
            watchdog.cancel(false);
            activeAnswers.end(key.id(), reply);
            ActiveAnswers.disposeInBackground(subscription);
        }
        Result finalResult = result.compareAndSet(null, Result.CANCELLED) ? Result.CANCELLED : result.get();
        guards.metrics().answerDuration(Duration.ofNanos(System.nanoTime() - requested));
        guards.metrics().answer(finalResult.name().toLowerCase(Locale.ROOT));
        log.debug("Answer for {} {} after {} platform calls", key.id(), finalResult, outcome.platformCalls());
        if (usage.get() != null || finalResult != Result.FAILED) {
            int promptEstimate = fixedTokens + window.turns().stream().mapToInt(tokens::count).sum();
            chargeTokens(user, usage.get(), promptEstimate, reply.text());
        }
        if (finalResult == Result.COMPLETED) {
            saveTurn(key, window, question, reply.text(), channel, language);
        }
        return finalResult;
    }

    private Result refuse(ChatChannel channel, String text) throws InterruptedException {
        guards.metrics().answer("refused");
        StreamingReply.deliverComplete(channel, pacer, text);
        return Result.REFUSED;
    }

    /** Charges what the gateway reported, or a jtokkit estimate when it sent no usage. */
    private void chargeTokens(QuotaUser user, @Nullable TokenUsage reported, int promptEstimate, String answer) {
        boolean estimated = reported == null;
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

    private void fail(
            ConversationKey key, AtomicReference<Result> result, StreamingReply reply, UpstreamFailure failure,
            Language language) {
        if (result.compareAndSet(null, Result.FAILED)) {
            log.warn("Upstream failed for {}: {} ({})", key.id(), failure.kind(), failure.detail());
            guards.metrics().upstreamError(failure.kind().name());
            if (failure.kind() == UpstreamFailure.Kind.RATE_LIMITED) {
                guards.metrics().rateLimited("gateway");
            }
            reply.finish(describe(failure, language));
        }
    }

    private void saveTurn(
            ConversationKey key, ContextWindow window, String question, String answer, ChatChannel channel,
            Language language) throws InterruptedException {
        try {
            store.appendPair(key, window.droppedTurns(), Turn.user(question), Turn.assistant(answer.strip()));
        } catch (StorageUnavailableException e) {
            log.error("Answer for {} delivered but not saved to the context: {}", key.id(), e.getMessage());
            StreamingReply.deliverComplete(channel, pacer, Text.STORAGE_DOWN.in(language));
        }
    }

    String describe(UpstreamFailure failure, Language language) {
        return switch (failure.kind()) {
            case AUTH -> Text.ERROR_AUTH.in(language);
            case RATE_LIMITED -> Text.ERROR_RATE_LIMITED.in(language);
            case TIMEOUT -> Text.ERROR_TIMEOUT.in(language);
            case UNREACHABLE -> Text.ERROR_UNREACHABLE.in(language);
            case STREAM_CUT -> Text.ERROR_STREAM_CUT.in(language);
            case GATEWAY_ERROR -> Text.ERROR_GATEWAY.in(language, failure.detail());
            case CIRCUIT_OPEN -> Text.ERROR_CIRCUIT_OPEN.in(language, Durations.human(guards.breakerOpenFor(), language));
        };
    }
}
