package dev.chatbridge.core.chat;

import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.Quotas;
import java.time.Duration;

/**
 * What protects and observes an answer: the user's quotas (checked before any upstream call,
 * charged after it), the metrics, and how long an open circuit breaker pauses the gateway (to
 * tell the user when to try again).
 */
public record AnswerGuards(Quotas quotas, BridgeMetrics metrics, Duration breakerOpenFor) {

    public static AnswerGuards none() {
        return new AnswerGuards(Quotas.unlimited(), BridgeMetrics.none(), Duration.ofSeconds(30));
    }
}
