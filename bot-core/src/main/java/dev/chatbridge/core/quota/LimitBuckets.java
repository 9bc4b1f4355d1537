package dev.chatbridge.core.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The token buckets behind the limits, one per user and limit, shared by the replicas. Messages
 * refill continuously (N per minute); tokens and image jobs refill to the full daily amount at
 * midnight UTC.
 */
public interface LimitBuckets extends AutoCloseable {

    /** Takes {@code amount} if available; otherwise reports how long until it would be. */
    Outcome tryTake(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount);

    /** Whether one unit is left, without taking it. */
    Outcome peek(LimitKind kind, QuotaUser user, VersionedLimits limits);

    /** Takes what was used even beyond the limit: tokens are counted after the answer, when they are spent. */
    void takeUsed(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount);

    /** Returns units taken for something that did not happen (capped at the bucket's capacity). */
    void giveBack(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount);

    @Override
    void close();

    /** When the daily limits refill. */
    static Instant nextMidnightUtc() {
        return LocalDate.now(ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /** Whether the request fits, what is left, and how long until one more unit is available. */
    record Outcome(boolean allowed, long remaining, Duration refillIn) {}
}
