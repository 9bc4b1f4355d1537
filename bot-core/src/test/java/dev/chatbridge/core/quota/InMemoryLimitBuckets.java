package dev.chatbridge.core.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link LimitBuckets} in memory, as the Bucket4j ones in Redis behave: messages refill
 * continuously (the limit per minute), tokens and image jobs by the full amount at each midnight
 * UTC on {@code clock}; when the limits' version grows, a bucket takes the new capacity and keeps
 * what was used (Bucket4j's ADDITIVE inheritance).
 */
public final class InMemoryLimitBuckets implements LimitBuckets {

    private static final Duration MESSAGE_REFILL = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public InMemoryLimitBuckets(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Outcome tryTake(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount) {
        Bucket bucket = bucket(kind, user, limits);
        if (bucket.available >= amount) {
            bucket.available -= amount;
            return new Outcome(true, (long) bucket.available, Duration.ZERO);
        }
        return new Outcome(false, (long) bucket.available, refillIn(kind, bucket, amount));
    }

    @Override
    public synchronized Outcome peek(LimitKind kind, QuotaUser user, VersionedLimits limits) {
        Bucket bucket = bucket(kind, user, limits);
        boolean allowed = bucket.available >= 1;
        return new Outcome(allowed, (long) bucket.available, allowed ? Duration.ZERO : refillIn(kind, bucket, 1));
    }

    @Override
    public synchronized void takeUsed(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount) {
        bucket(kind, user, limits).available -= amount;
    }

    @Override
    public synchronized void giveBack(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount) {
        Bucket bucket = bucket(kind, user, limits);
        bucket.available = Math.min(bucket.capacity, bucket.available + amount);
    }

    @Override
    public void close() {}

    private Bucket bucket(LimitKind kind, QuotaUser user, VersionedLimits limits) {
        long capacity = limits.limits().of(kind);
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(
                kind.word() + ":" + user.key(), key -> new Bucket(capacity, limits.version(), now));
        if (limits.version() > bucket.version) {
            bucket.available += capacity - bucket.capacity;
            bucket.capacity = capacity;
            bucket.version = limits.version();
        }
        refill(kind, bucket, now);
        return bucket;
    }

    private static void refill(LimitKind kind, Bucket bucket, Instant now) {
        double refill = switch (kind) {
            case MESSAGES ->
                bucket.capacity
                        * (double) Duration.between(bucket.refilledAt, now).toNanos()
                        / MESSAGE_REFILL.toNanos();
            case TOKENS, IMAGES -> now.isBefore(nextMidnightUtc(bucket.refilledAt)) ? 0 : bucket.capacity;
        };
        bucket.available = Math.min(bucket.capacity, bucket.available + refill);
        bucket.refilledAt = now;
    }

    private Duration refillIn(LimitKind kind, Bucket bucket, long amount) {
        Instant now = clock.instant();
        return switch (kind) {
            case MESSAGES ->
                Duration.ofNanos((long) ((amount - bucket.available) * MESSAGE_REFILL.toNanos() / bucket.capacity));
            case TOKENS, IMAGES -> Duration.between(now, nextMidnightUtc(now));
        };
    }

    private static Instant nextMidnightUtc(Instant after) {
        return LocalDate.ofInstant(after, ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /** One user's bucket for one limit. */
    private static final class Bucket {
        private long capacity;
        private long version;
        private double available;
        private Instant refilledAt;

        private Bucket(long capacity, long version, Instant now) {
            this.capacity = capacity;
            this.version = version;
            this.available = capacity;
            this.refilledAt = now;
        }
    }
}
