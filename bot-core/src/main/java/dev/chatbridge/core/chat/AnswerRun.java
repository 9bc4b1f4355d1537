package dev.chatbridge.core.chat;

import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.images.ImageDelivery;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.tools.ToolBox;
import dev.chatbridge.core.tools.ToolCall;
import dev.chatbridge.core.tools.ToolCaller;
import dev.chatbridge.core.tools.ToolRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * The rounds of one answer, driven on a virtual thread of their own while the caller delivers the
 * {@link StreamingReply}: stream a round; if the model asked for tools, show "🔧 calling …", run
 * them (side by side, each within its timeout), post any picture they drew, and stream the next
 * round with their results, up to the tool box's round cap. Disposing it (/cancel) stops the
 * current stream and any further rounds.
 */
final class AnswerRun implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(AnswerRun.class);

    private final ChatUpstream upstream;
    private final ToolBox tools;
    private final AnswerGuards guards;
    private final ChatChannel channel;
    private final ChatPacer pacer;
    private final Language language;
    private final String conversationId;
    private final QuotaUser user;
    private final boolean withImages;
    private final StreamingReply reply;

    private final AtomicReference<ChatService.@Nullable Result> result = new AtomicReference<>();
    private final AnswerBilling billing = new AnswerBilling();
    private final Disposable.Swap currentStream = Disposables.swap();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final AtomicBoolean firstToken = new AtomicBoolean();
    private final List<String> notes = new ArrayList<>();
    private volatile @Nullable CompletableFuture<Round> currentRound;
    private volatile boolean disposed;
    private volatile @Nullable Thread driver;

    AnswerRun(
            ChatUpstream upstream,
            ToolBox tools,
            AnswerGuards guards,
            ChatChannel channel,
            ChatPacer pacer,
            Language language,
            String conversationId,
            QuotaUser user,
            boolean withImages) {
        this.upstream = upstream;
        this.tools = tools;
        this.guards = guards;
        this.user = user;
        this.channel = channel;
        this.pacer = pacer;
        this.language = language;
        this.conversationId = conversationId;
        this.withImages = withImages;
        this.reply = new StreamingReply(channel, pacer);
    }

    StreamingReply reply() {
        return reply;
    }

    /**
     * Starts the rounds in the background; the caller then runs {@code reply().deliver()}.
     * {@code requestedNanos} ({@link System#nanoTime()}) is when the answer was asked for, for the
     * first-token latency.
     */
    void start(ChatRequest first, long requestedNanos) {
        driver = Thread.ofVirtual().name("answer-rounds-" + conversationId).start(() -> drive(first, requestedNanos));
    }

    /** Completed, failed, or (when nothing else decided) cancelled. */
    ChatService.Result result() {
        result.compareAndSet(null, ChatService.Result.CANCELLED);
        return result.get();
    }

    /** What the rounds cost, as far as the gateway reported it. */
    AnswerBilling billing() {
        return billing;
    }

    /** Called by the idle watchdog: true when the current stream has been silent for longer than {@code limit}. */
    boolean silentFor(Duration limit) {
        return currentRound != null && System.nanoTime() - lastActivity.get() > limit.toNanos();
    }

    void timeOut(Duration limit) {
        CompletableFuture<Round> round = currentRound;
        if (round != null) {
            round.completeExceptionally(new IdleTimeout(limit));
        }
        ActiveAnswers.disposeInBackground(currentStream);
    }

    private void drive(ChatRequest first, long requestedNanos) {
        ChatRequest request = first;
        try {
            for (int round = 1; ; round++) {
                Round answered = streamRound(request, round > 1, requestedNanos);
                if (disposed) {
                    return;
                }
                if (answered.calls().isEmpty()) {
                    finish(answered, request.maxTokens());
                    return;
                }
                if (round > tools.maxRounds()) {
                    log.warn(
                            "Answer for {} asked for tools after {} rounds; stopping",
                            conversationId,
                            tools.maxRounds());
                    finishFailed(Text.TOOL_ROUNDS_EXCEEDED.in(language, tools.maxRounds()));
                    return;
                }
                request = request.withStep(runTools(answered));
                if (disposed) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (CancellationException e) {
            // Disposed: /cancel already closed the reply.
        } catch (RuntimeException e) {
            UpstreamFailure failure = UpstreamFailure.of(e instanceof RoundFailed failed ? failed.getCause() : e);
            log.warn("Upstream failed for {}: {} ({})", conversationId, failure.kind(), failure.detail());
            guards.metrics().upstreamError(failure.kind().name());
            if (failure.kind() == UpstreamFailure.Kind.RATE_LIMITED) {
                guards.metrics().rateLimited("gateway");
            }
            finishFailed(describe(failure));
        }
    }

    /**
     * The last round asked for no tools. An answer without any text is no answer: the user is told
     * and nothing is kept, because an empty assistant turn would make gateways that route to Claude
     * reject every later request of the conversation.
     *
     * <p>An answer cut by the length limit is shown with a note and kept in the context like a
     * complete one: the user saw it and it is valid text, and only with it in the context does
     * "continue" let the model pick up where it stopped. Leaving it out would make the model answer
     * the question again from the start, and cut it in the same place.
     */
    private void finish(Round last, int maxTokens) {
        if (reply.text().isBlank()) {
            log.info("The model gave an empty answer for {} ({})", conversationId, last.finish());
            guards.metrics().upstreamError("EMPTY_ANSWER");
            finishFailed(AnswerEndings.empty(last.finish(), language));
            return;
        }
        if (last.finish() == UpstreamEvent.Finished.Reason.LENGTH) {
            notes.add(AnswerEndings.cut(maxTokens, language));
        }
        if (result.compareAndSet(null, ChatService.Result.COMPLETED)) {
            reply.status("");
            reply.finish(String.join("\n", notes));
        }
    }

    private Round streamRound(ChatRequest request, boolean continuing, long requestedNanos)
            throws InterruptedException {
        CompletableFuture<Round> done = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        AtomicReference<TokenUsage> roundUsage = new AtomicReference<>(TokenUsage.NONE);
        AtomicReference<UpstreamEvent.Finished.@Nullable Reason> finish = new AtomicReference<>();
        AtomicBoolean roundReached = new AtomicBoolean();
        boolean separate = continuing && !reply.text().isBlank();
        lastActivity.set(System.nanoTime());
        currentRound = done;
        Disposable subscription = upstream.stream(request)
                .doOnNext(event -> {
                    lastActivity.set(System.nanoTime());
                    roundReached.set(true);
                })
                .subscribe(
                        event -> {
                            switch (event) {
                                case UpstreamEvent.TextDelta delta -> {
                                    long arrived = System.nanoTime();
                                    // Hand the text over first: the metric's bookkeeping (the meter's
                                    // registration on a fresh process) must not delay the first words.
                                    reply.append(separate && text.isEmpty() ? "\n\n" + delta.text() : delta.text());
                                    text.append(delta.text());
                                    if (firstToken.compareAndSet(false, true)) {
                                        guards.metrics().firstToken(Duration.ofNanos(arrived - requestedNanos));
                                    }
                                }
                                case UpstreamEvent.ToolCalls asked -> calls.addAll(asked.calls());
                                case UpstreamEvent.Finished finished -> finish.set(finished.reason());
                                case UpstreamEvent.Usage counted -> roundUsage.set(counted.usage());
                            }
                        },
                        done::completeExceptionally,
                        () -> {
                            roundReached.set(true);
                            done.complete(new Round(text.toString(), List.copyOf(calls), finish.get()));
                        });
        currentStream.update(subscription);
        if (disposed) {
            done.cancel(false);
        }
        try {
            return done.get();
        } catch (ExecutionException e) {
            if (AnswerBilling.reachedModelBefore(e.getCause())) {
                roundReached.set(true);
            }
            throw new RoundFailed(e.getCause());
        } finally {
            currentRound = null;
            billing.roundEnded(roundUsage.get(), roundReached.get());
        }
    }

    private ChatRequest.ToolStep runTools(Round answered) throws InterruptedException {
        String names = answered.calls().stream().map(ToolCall::name).distinct().collect(Collectors.joining(", "));
        reply.status(Text.TOOL_CALLING.in(language, names));
        channel.typing();
        List<ToolRun> runs = tools.runAll(answered.calls(), new ToolCaller(user, language));
        List<ChatRequest.ToolResultMessage> results = new ArrayList<>(runs.size());
        for (ToolRun run : runs) {
            guards.metrics()
                    .toolCall(tools.knows(run.call().name()) ? run.call().name() : "unknown", !run.failed());
            results.add(new ChatRequest.ToolResultMessage(
                    run.call().id(), run.call().name(), run.resultForModel()));
            if (run.failed()) {
                notes.add(Text.TOOL_FAILED.in(language, run.error()));
            }
            if (run.image() != null && !disposed) {
                try {
                    ImageDelivery.post(channel, pacer, run.image(), language);
                } catch (DeliveryException e) {
                    log.warn("Could not post a tool's picture in {}: {}", channel.pacingKey(), e.getMessage());
                    notes.add(Text.TOOL_IMAGE_NOT_SENT.in(language, e.getMessage()));
                }
            }
        }
        reply.status("");
        return new ChatRequest.ToolStep(answered.text(), answered.calls(), results);
    }

    private void finishFailed(String note) {
        if (result.compareAndSet(null, ChatService.Result.FAILED)) {
            reply.status("");
            List<String> all = new ArrayList<>(notes);
            all.add(note);
            reply.finish(String.join("\n", all));
        }
    }

    private String describe(UpstreamFailure failure) {
        if (withImages && failure.kind() == UpstreamFailure.Kind.GATEWAY_ERROR) {
            return Text.IMAGE_REJECTED_BY_MODEL.in(language, failure.detail());
        }
        return ChatService.describe(failure, language, guards.breakerOpenFor());
    }

    @Override
    public void dispose() {
        disposed = true;
        CompletableFuture<Round> round = currentRound;
        if (round != null) {
            round.cancel(false);
        }
        currentStream.dispose();
        Thread running = driver;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    /** One round's text and tool calls, and why it stopped when that matters (null: a normal end). */
    private record Round(String text, List<ToolCall> calls, UpstreamEvent.Finished.@Nullable Reason finish) {}

    /** A round's stream ended in an error; the cause is the upstream's. */
    private static final class RoundFailed extends RuntimeException {
        RoundFailed(Throwable cause) {
            super(cause);
        }
    }

    /** The idle watchdog gave up on a silent stream. */
    static final class IdleTimeout extends java.util.concurrent.TimeoutException {
        IdleTimeout(Duration limit) {
            super("silent for " + limit);
        }
    }
}
