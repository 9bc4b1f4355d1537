package dev.chatbridge.core.quota;

import dev.chatbridge.core.conversation.StorageUnavailableException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * The token buckets behind the limits, one per user and limit, kept in Redis by Bucket4j so that
 * every replica draws from the same buckets. Messages refill continuously (N per minute); tokens
 * and image jobs refill to the full daily amount at midnight UTC.
 */
final class QuotaBuckets implements AutoCloseable {

    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;

    QuotaBuckets(RedisClient client) {
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                // A full bucket holds nothing worth keeping: let Redis drop it soon after it refilled.
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /** Takes {@code amount} if available; otherwise reports how long until it would be. */
    Outcome tryTake(LimitKind kind, QuotaUser user, LimitOverrides.Versioned limits, long amount) {
        return redis(() -> {
            ConsumptionProbe probe = bucket(kind, user, limits).tryConsumeAndReturnRemaining(amount);
            return new Outcome(
                    probe.isConsumed(), probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
        });
    }

    /** Whether one unit is left, without taking it. */
    Outcome peek(LimitKind kind, QuotaUser user, LimitOverrides.Versioned limits) {
        return redis(() -> {
            EstimationProbe probe = bucket(kind, user, limits).estimateAbilityToConsume(1);
            return new Outcome(
                    probe.canBeConsumed(),
                    probe.getRemainingTokens(),
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        });
    }

    /** Takes what was used even beyond the limit: tokens are counted after the answer, when they are spent. */
    void takeUsed(LimitKind kind, QuotaUser user, LimitOverrides.Versioned limits, long amount) {
        redis(() -> bucket(kind, user, limits).consumeIgnoringRateLimits(amount));
    }

    /** Returns units taken for something that did not happen (capped at the bucket's capacity). */
    void giveBack(LimitKind kind, QuotaUser user, LimitOverrides.Versioned limits, long amount) {
        redis(() -> bucket(kind, user, limits).addTokens(amount));
    }

    private static void redis(Runnable call) {
        redis(() -> {
            call.run();
            return null;
        });
    }

    private BucketProxy bucket(LimitKind kind, QuotaUser user, LimitOverrides.Versioned limits) {
        long capacity = limits.limits().of(kind);
        return buckets.builder()
                .withImplicitConfigurationReplacement(limits.version(), TokensInheritanceStrategy.ADDITIVE)
                .build("quota:" + kind.word() + ":" + user.key(), () -> configuration(kind, capacity));
    }

    private static BucketConfiguration configuration(LimitKind kind, long capacity) {
        Bandwidth limit = switch (kind) {
            case MESSAGES ->
                Bandwidth.builder()
                        .capacity(capacity)
                        .refillGreedy(capacity, Duration.ofMinutes(1))
                        .build();
            case TOKENS, IMAGES ->
                Bandwidth.builder()
                        .capacity(capacity)
                        .refillIntervallyAligned(capacity, Duration.ofDays(1), nextMidnightUtc())
                        .build();
        };
        return BucketConfiguration.builder().addLimit(limit).build();
    }

    static Instant nextMidnightUtc() {
        return LocalDate.now(ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    private static <T> T redis(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RedisException) {
                    throw new StorageUnavailableException("Redis is unavailable for quotas: " + cause.getMessage(), e);
                }
            }
            throw e;
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    /** Whether the request fits, what is left, and how long until one more unit is available. */
    record Outcome(boolean allowed, long remaining, Duration refillIn) {}
}
