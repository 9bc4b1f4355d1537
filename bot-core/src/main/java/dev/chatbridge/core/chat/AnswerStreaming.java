package dev.chatbridge.core.chat;

import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryOutcome;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.tools.ToolBox;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one answer: the model's rounds ({@link AnswerRun}) on their own thread while this one
 * delivers the streaming reply, under an idle watchdog, registered for /cancel.
 */
final class AnswerStreaming {

    /**
     * How one answer ended, what it said, and what the gateway counted.
     *
     * @param usage the usage the gateway reported, added up over the rounds
     * @param usageMissing a round that reached the model reported none (a cut, silent or broken stream)
     * @param reachedModel the gateway took the request (see {@link AnswerBilling#reachedModel()})
     */
    record Streamed(
            ChatService.Result result, String text, TokenUsage usage, boolean usageMissing, boolean reachedModel) {

        /** Whether the answer costs tokens: the model saw the question, or the gateway said what it counted. */
        boolean chargeable() {
            return reachedModel || result != ChatService.Result.FAILED || !usage.equals(TokenUsage.NONE);
        }

        /** Whether the gateway's usage covers every round; if not, the tokens are estimated. */
        boolean usageComplete() {
            return !usageMissing && !usage.equals(TokenUsage.NONE);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(AnswerStreaming.class);
    private static final long WATCHDOG_PERIOD_MILLIS = 250;
    private static final ScheduledExecutorService IDLE_WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("answer-idle-watchdog").factory());

    private final ChatUpstream upstream;
    private final ChatPacer pacer;
    private final ActiveAnswers activeAnswers;
    private final BotSettings settings;
    private final ToolBox tools;
    private final AnswerGuards guards;

    AnswerStreaming(
            ChatUpstream upstream,
            ChatPacer pacer,
            ActiveAnswers activeAnswers,
            BotSettings settings,
            ToolBox tools,
            AnswerGuards guards) {
        this.upstream = upstream;
        this.pacer = pacer;
        this.activeAnswers = activeAnswers;
        this.settings = settings;
        this.tools = tools;
        this.guards = guards;
    }

    Streamed stream(PreparedQuestion question, ChatChannel channel, Language language) throws InterruptedException {
        String conversationId = question.key().id();
        AnswerRun run = new AnswerRun(
                upstream,
                tools,
                guards,
                channel,
                pacer,
                language,
                conversationId,
                question.user(),
                question.withImages());
        StreamingReply reply = run.reply();
        channel.typing();
        long requested = System.nanoTime();
        guards.metrics().bridgeOverhead(Duration.ofNanos(requested - question.startedNanos()));
        run.start(question.request(), requested);
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
        activeAnswers.start(conversationId, reply, run);
        DeliveryOutcome outcome;
        try {
            outcome = reply.deliver();
        } finally {
            watchdog.cancel(false);
            activeAnswers.end(conversationId, reply);
        }
        // An answer whose message the user deleted counts as cancelled: it is not kept in the context.
        ChatService.Result result = reply.abandoned() ? ChatService.Result.CANCELLED : run.result();
        if (result != ChatService.Result.COMPLETED) {
            ActiveAnswers.disposeInBackground(run);
        }
        guards.metrics().answerDuration(Duration.ofNanos(System.nanoTime() - requested));
        guards.metrics().answer(result.name().toLowerCase(Locale.ROOT));
        log.debug(
                "Answer for {} {} after {} platform calls, {}",
                conversationId,
                result,
                outcome.platformCalls(),
                run.billing().reported());
        AnswerBilling billing = run.billing();
        return new Streamed(result, reply.text(), billing.reported(), billing.usageMissing(), billing.reachedModel());
    }
}
