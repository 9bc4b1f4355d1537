package dev.chatbridge.core.quota;

import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.text.Durations;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link Quotas} shared by every replica: Bucket4j buckets in Redis for the limits, a daily ledger
 * for {@code /usage} and {@code /stats}, and admins' overrides, also in Redis.
 */
public final class RedisQuotas implements Quotas, AutoCloseable {

    private final QuotaSettings settings;
    private final LimitOverrides overrides;
    private final QuotaBuckets buckets;
    private final UsageLedger ledger;
    private final BridgeMetrics metrics;

    public RedisQuotas(StringRedisTemplate redis, QuotaSettings settings, BridgeMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.overrides = new LimitOverrides(redis, settings.limits());
        this.buckets = new QuotaBuckets(nativeClient(redis));
        this.ledger = new UsageLedger(redis, Clock.systemUTC());
        overrides.publishDefaults();
    }

    @Override
    public Optional<String> admitChat(QuotaUser user, String question, Language language) {
        int length = question.codePointCount(0, question.length());
        if (settings.maxMessageChars() > 0 && length > settings.maxMessageChars()) {
            return refuse(
                    user,
                    "message_length",
                    Text.LIMIT_MESSAGE_TOO_LONG.in(language, length, settings.maxMessageChars()));
        }
        LimitOverrides.Versioned limits = overrides.effective(user);
        if (limits.limits().dailyTokens() > 0) {
            QuotaBuckets.Outcome tokens = buckets.peek(LimitKind.TOKENS, user, limits);
            if (!tokens.allowed()) {
                return refuse(
                        user,
                        "daily_tokens",
                        Text.LIMIT_TOKENS.in(
                                language, limits.limits().dailyTokens(), Durations.human(untilMidnight(), language)));
            }
        }
        if (limits.limits().messagesPerMinute() > 0) {
            QuotaBuckets.Outcome rate = buckets.tryTake(LimitKind.MESSAGES, user, limits, 1);
            if (!rate.allowed()) {
                return refuse(
                        user,
                        "messages_per_minute",
                        Text.LIMIT_RATE.in(
                                language,
                                limits.limits().messagesPerMinute(),
                                Durations.human(rate.refillIn(), language)));
            }
        }
        ledger.add(user, UsageLedger.MESSAGES, 1);
        return Optional.empty();
    }

    @Override
    public void recordTokens(QuotaUser user, long promptTokens, long completionTokens) {
        LimitOverrides.Versioned limits = overrides.effective(user);
        if (limits.limits().dailyTokens() > 0) {
            buckets.takeUsed(LimitKind.TOKENS, user, limits, promptTokens + completionTokens);
        }
        ledger.add(user, Map.of(UsageLedger.TOKENS_IN, promptTokens, UsageLedger.TOKENS_OUT, completionTokens));
    }

    @Override
    public Optional<String> admitImageJob(QuotaUser user, Language language) {
        LimitOverrides.Versioned limits = overrides.effective(user);
        if (limits.limits().dailyImageJobs() > 0) {
            QuotaBuckets.Outcome images = buckets.tryTake(LimitKind.IMAGES, user, limits, 1);
            if (!images.allowed()) {
                return refuse(
                        user,
                        "daily_image_jobs",
                        Text.LIMIT_IMAGES.in(
                                language,
                                limits.limits().dailyImageJobs(),
                                Durations.human(untilMidnight(), language)));
            }
        }
        ledger.add(user, UsageLedger.IMAGES, 1);
        return Optional.empty();
    }

    @Override
    public void refundImageJob(QuotaUser user) {
        LimitOverrides.Versioned limits = overrides.effective(user);
        if (limits.limits().dailyImageJobs() > 0) {
            buckets.giveBack(LimitKind.IMAGES, user, limits, 1);
        }
        ledger.add(user, UsageLedger.IMAGES, -1);
    }

    /** Today's figures of one user and the limits that apply to them. */
    public Usage usage(QuotaUser user) {
        LimitOverrides.Versioned limits = overrides.effective(user);
        long tokensLeft = limits.limits().dailyTokens() > 0
                ? Math.max(0, buckets.peek(LimitKind.TOKENS, user, limits).remaining())
                : -1;
        return new Usage(ledger.user(user), limits.limits(), tokensLeft, untilMidnight());
    }

    /** Today's totals and the users with the most tokens. */
    public Stats stats(int topUsers) {
        return new Stats(ledger.totals(), ledger.activeUsers(), ledger.top(topUsers));
    }

    /** An admin's override: {@code value} ≥ 0 sets it (0 = unlimited), a negative value returns to the default. */
    public void setLimit(QuotaUser user, LimitKind kind, long value) {
        overrides.set(user, kind, value);
    }

    @Override
    public void close() {
        buckets.close();
    }

    private Optional<String> refuse(QuotaUser user, String limit, String text) {
        metrics.refused(limit);
        ledger.add(user, UsageLedger.REFUSED, 1);
        return Optional.of(text);
    }

    private static Duration untilMidnight() {
        return Duration.between(java.time.Instant.now(), QuotaBuckets.nextMidnightUtc());
    }

    private static RedisClient nativeClient(StringRedisTemplate redis) {
        if (redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce
                && lettuce.getNativeClient() instanceof RedisClient client) {
            return client;
        }
        throw new IllegalStateException("quotas need a standalone Redis through Lettuce (REDIS_URL)");
    }

    /** One user's day: what they used, their limits (0 = unlimited), and tokens left (-1 = unlimited). */
    public record Usage(DailyUsage today, Limits limits, long tokensLeft, Duration resetsIn) {}

    /** Today across all users. */
    public record Stats(DailyUsage totals, long activeUsers, List<TopUser> top) {}
}
