package dev.chatbridge.core.resilience;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded retries with exponential backoff for idempotent calls (the model list, Midjourney task
 * fetches and image downloads), through Resilience4j. Never for a chat answer: the user has already
 * seen part of it.
 */
public final class Retries {

    private static final Logger log = LoggerFactory.getLogger(Retries.class);

    private Retries() {}

    /** {@code attempts} tries in all, waiting {@code firstWait}, then twice as long each time, on errors {@code retryOn} accepts. */
    public static Retry exponential(String name, int attempts, Duration firstWait, Predicate<Throwable> retryOn) {
        Retry retry = Retry.of(
                name,
                RetryConfig.custom()
                        .maxAttempts(attempts)
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(firstWait, 2))
                        .retryOnException(retryOn)
                        .failAfterMaxAttempts(false)
                        .build());
        retry.getEventPublisher()
                .onRetry(event -> log.info(
                        "{}: attempt {} failed ({}), retrying in {} ms",
                        name,
                        event.getNumberOfRetryAttempts(),
                        shortCause(event.getLastThrowable()),
                        event.getWaitInterval().toMillis()));
        return retry;
    }

    private static String shortCause(Throwable error) {
        return error == null ? "?" : error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
