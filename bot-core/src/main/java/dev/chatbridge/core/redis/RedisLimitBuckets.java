package dev.chatbridge.core.redis;

import dev.chatbridge.core.quota.LimitBuckets;
import dev.chatbridge.core.quota.LimitKind;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.VersionedLimits;
import dev.chatbridge.core.storage.StorageUnavailableException;
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
import java.util.function.Supplier;

/** {@link LimitBuckets} kept in Redis by Bucket4j's Lettuce backend, on a connection of its own. */
final class RedisLimitBuckets implements LimitBuckets {

    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;

    RedisLimitBuckets(RedisClient client) {
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                // A full bucket holds nothing worth keeping: let Redis drop it soon after it refilled.
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    @Override
    public Outcome tryTake(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount) {
        return redis(() -> {
            ConsumptionProbe probe = bucket(kind, user, limits).tryConsumeAndReturnRemaining(amount);
            return new Outcome(
                    probe.isConsumed(), probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
        });
    }

    @Override
    public Outcome peek(LimitKind kind, QuotaUser user, VersionedLimits limits) {
        return redis(() -> {
            EstimationProbe probe = bucket(kind, user, limits).estimateAbilityToConsume(1);
            return new Outcome(
                    probe.canBeConsumed(),
                    probe.getRemainingTokens(),
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        });
    }

    @Override
    public void takeUsed(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount) {
        redis(() -> bucket(kind, user, limits).consumeIgnoringRateLimits(amount));
    }

    @Override
    public void giveBack(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount) {
        redis(() -> bucket(kind, user, limits).addTokens(amount));
    }

    private static void redis(Runnable call) {
        redis(() -> {
            call.run();
            return null;
        });
    }

    private BucketProxy bucket(LimitKind kind, QuotaUser user, VersionedLimits limits) {
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
                        .refillIntervallyAligned(capacity, Duration.ofDays(1), LimitBuckets.nextMidnightUtc())
                        .build();
        };
        return BucketConfiguration.builder().addLimit(limit).build();
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
}
