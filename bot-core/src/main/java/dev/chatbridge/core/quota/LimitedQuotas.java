package dev.chatbridge.core.quota;

import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.text.Durations;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link Quotas} shared by every replica: token buckets for the limits, a daily ledger for
 * {@code /usage} and {@code /stats}, and admins' overrides, all in shared storage.
 */
public final class LimitedQuotas implements Quotas, AutoCloseable {

    private final QuotaSettings settings;
    private final LimitOverrides overrides;
    private final LimitBuckets buckets;
    private final UsageLedger ledger;
    private final BridgeMetrics metrics;
    private final @Nullable QuotaSteps steps;

    /** {@code overrides} must apply {@code settings.limits()} as the defaults. */
    public LimitedQuotas(
            QuotaSettings settings,
            LimitOverrides overrides,
            LimitBuckets buckets,
            UsageLedger ledger,
            BridgeMetrics metrics) {
        this(settings, overrides, buckets, ledger, metrics, null);
    }

    /**
     * With {@code steps}, a chat turn's quota work runs as one storage step each (they must keep the same
     * overrides, buckets and ledger, with {@code settings.limits()} as the defaults).
     */
    public LimitedQuotas(
            QuotaSettings settings,
            LimitOverrides overrides,
            LimitBuckets buckets,
            UsageLedger ledger,
            BridgeMetrics metrics,
            @Nullable QuotaSteps steps) {
        this.steps = steps;
        this.settings = settings;
        this.metrics = metrics;
        this.overrides = overrides;
        this.buckets = buckets;
        this.ledger = ledger;
    }

    /**
     * Stores the configured default limits, so that every replica's buckets follow a change of them (their version
     * moves on). Call once at startup, before the first quota check.
     */
    public void publishDefaults() {
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
        if (steps != null) {
            QuotaSteps.ChatCheck check = steps.admitChat(user);
            Limits effective = check.limits();
            return switch (check.refusal()) {
                case NONE -> Optional.empty();
                case DAILY_TOKENS ->
                    refused(
                            "daily_tokens",
                            Text.LIMIT_TOKENS.in(
                                    language, effective.dailyTokens(), Durations.human(untilMidnight(), language)));
                case MESSAGES_PER_MINUTE ->
                    refused(
                            "messages_per_minute",
                            Text.LIMIT_RATE.in(
                                    language,
                                    effective.messagesPerMinute(),
                                    Durations.human(check.refillIn(), language)));
            };
        }
        VersionedLimits limits = overrides.effective(user);
        if (limits.limits().dailyTokens() > 0) {
            LimitBuckets.Outcome tokens = buckets.peek(LimitKind.TOKENS, user, limits);
            if (!tokens.allowed()) {
                return refuse(
                        user,
                        "daily_tokens",
                        Text.LIMIT_TOKENS.in(
                                language, limits.limits().dailyTokens(), Durations.human(untilMidnight(), language)));
            }
        }
        if (limits.limits().messagesPerMinute() > 0) {
            LimitBuckets.Outcome rate = buckets.tryTake(LimitKind.MESSAGES, user, limits, 1);
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
        ledger.add(user, UsageField.MESSAGES, 1);
        return Optional.empty();
    }

    @Override
    public boolean chargesWithTurn() {
        return steps != null;
    }

    @Override
    public void recordTokens(QuotaUser user, long promptTokens, long completionTokens) {
        if (steps != null) {
            steps.recordTokens(user, promptTokens, completionTokens);
            return;
        }
        VersionedLimits limits = overrides.effective(user);
        if (limits.limits().dailyTokens() > 0) {
            buckets.takeUsed(LimitKind.TOKENS, user, limits, promptTokens + completionTokens);
        }
        ledger.add(user, Map.of(UsageField.TOKENS_IN, promptTokens, UsageField.TOKENS_OUT, completionTokens));
    }

    @Override
    public Optional<String> admitImageJob(QuotaUser user, Language language) {
        VersionedLimits limits = overrides.effective(user);
        if (limits.limits().dailyImageJobs() > 0) {
            LimitBuckets.Outcome images = buckets.tryTake(LimitKind.IMAGES, user, limits, 1);
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
        ledger.add(user, UsageField.IMAGES, 1);
        return Optional.empty();
    }

    @Override
    public void refundImageJob(QuotaUser user) {
        VersionedLimits limits = overrides.effective(user);
        if (limits.limits().dailyImageJobs() > 0) {
            buckets.giveBack(LimitKind.IMAGES, user, limits, 1);
        }
        ledger.add(user, UsageField.IMAGES, -1);
    }

    @Override
    public Usage usage(QuotaUser user) {
        VersionedLimits limits = overrides.effective(user);
        long tokensLeft = limits.limits().dailyTokens() > 0
                ? Math.max(0, buckets.peek(LimitKind.TOKENS, user, limits).remaining())
                : -1;
        return new Usage(ledger.user(user), limits.limits(), tokensLeft, untilMidnight());
    }

    @Override
    public Stats stats(int topUsers) {
        return new Stats(ledger.totals(), ledger.activeUsers(), ledger.top(topUsers));
    }

    @Override
    public void setLimit(QuotaUser user, LimitKind kind, long value) {
        overrides.set(user, kind, value);
    }

    @Override
    public void close() {
        buckets.close();
    }

    /** A refusal the storage step has counted in the ledger already. */
    private Optional<String> refused(String limit, String text) {
        metrics.refused(limit);
        return Optional.of(text);
    }

    private Optional<String> refuse(QuotaUser user, String limit, String text) {
        metrics.refused(limit);
        ledger.add(user, UsageField.REFUSED, 1);
        return Optional.of(text);
    }

    private static Duration untilMidnight() {
        return Duration.between(java.time.Instant.now(), LimitBuckets.nextMidnightUtc());
    }
}
