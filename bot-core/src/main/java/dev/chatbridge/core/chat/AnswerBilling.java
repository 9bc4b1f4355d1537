package dev.chatbridge.core.chat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the rounds of one answer cost, as far as the gateway said, and whether that is all: a round
 * that reached the model (so the gateway bills it) but ended without a usage report, as a cut,
 * silent or broken stream does, leaves the charge to be estimated ({@link TurnRecorder}).
 */
final class AnswerBilling {

    private final AtomicReference<TokenUsage> reported = new AtomicReference<>(TokenUsage.NONE);
    private final AtomicBoolean reachedModel = new AtomicBoolean();
    private final AtomicBoolean usageMissing = new AtomicBoolean();

    /**
     * Whether a round that failed so still reached the model: the gateway took the request and then
     * went silent until the idle watchdog gave up, or cut the stream before {@code [DONE]}.
     */
    static boolean reachedModelBefore(Throwable failure) {
        return failure instanceof AnswerRun.IdleTimeout
                || UpstreamFailure.of(failure).kind() == UpstreamFailure.Kind.STREAM_CUT;
    }

    /** One round ended: what the gateway reported for it, and whether it reached the model at all. */
    void roundEnded(TokenUsage usage, boolean reached) {
        reported.accumulateAndGet(usage, TokenUsage::plus);
        if (reached) {
            reachedModel.set(true);
            if (usage.equals(TokenUsage.NONE)) {
                usageMissing.set(true);
            }
        }
    }

    /** All rounds' usage added up, as far as the gateway reported it. */
    TokenUsage reported() {
        return reported.get();
    }

    /**
     * Whether the request reached the model: something came back, a round ended, or the stream broke
     * or went silent after the gateway took it. Refusals before any of that (401, 429, an HTTP error,
     * an unreachable gateway, an open breaker) did not.
     */
    boolean reachedModel() {
        return reachedModel.get();
    }

    /** Whether a round that reached the model ended without the gateway's usage. */
    boolean usageMissing() {
        return usageMissing.get();
    }
}
