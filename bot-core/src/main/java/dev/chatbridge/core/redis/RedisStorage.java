package dev.chatbridge.core.redis;

import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.access.AccessLists;
import dev.chatbridge.core.chat.CancelRequests;
import dev.chatbridge.core.command.SystemPromptAsks;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.imagine.ButtonKeys;
import dev.chatbridge.core.imagine.ImagineJobStore;
import dev.chatbridge.core.imagine.ModalAsks;
import dev.chatbridge.core.imagine.SpeedModeMemory;
import dev.chatbridge.core.pipeline.ConversationLock;
import dev.chatbridge.core.pipeline.ConversationQueue;
import dev.chatbridge.core.pipeline.UpdateDeduplicator;
import dev.chatbridge.core.quota.LimitBuckets;
import dev.chatbridge.core.quota.LimitOverrides;
import dev.chatbridge.core.quota.Limits;
import dev.chatbridge.core.quota.QuotaSteps;
import dev.chatbridge.core.quota.UsageLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Every storage port of the core on one Redis (standalone, through Lettuce). The only public type
 * of this package besides {@link RedisConnections}: the implementations stay behind their ports.
 */
public final class RedisStorage implements CoreStorage {

    /** Midjourney jobs outlive any sensible proxy timeout; then they are forgotten. */
    private static final Duration IMAGINE_JOB_TTL = Duration.ofDays(2);
    /** A proxy without speed modes may be upgraded: its answer is asked again after this. */
    private static final Duration SPEED_MODES_RECHECK = Duration.ofHours(6);
    /** A user is told once in this long that their speed mode cannot be used. */
    private static final Duration SPEED_MODES_NOTICE = Duration.ofDays(30);

    private final StringRedisTemplate redis;
    private final CoreStorage.Settings settings;
    /** One per replica: /cancel asks it whether this replica is the lock's holder. */
    private final RedisConversationLock lock;
    /** One per replica: the chats it paces in-process, shared by the lock, the queue and the pacer. */
    private final PacingLeases pacing = new PacingLeases();
    /** The quota steps once the core asked for them: the step that saves a turn also charges its tokens. */
    private volatile @Nullable RedisQuotaSteps quotaSteps;

    private RedisStorage(StringRedisTemplate redis, CoreStorage.Settings settings) {
        this.redis = redis;
        this.settings = settings;
        this.lock = new RedisConversationLock(redis, settings.lockLease(), pacing);
    }

    public static RedisStorage of(StringRedisTemplate redis, CoreStorage.Settings settings) {
        return new RedisStorage(redis, settings);
    }

    @Override
    public ConversationStore conversations() {
        return new RedisConversationStore(redis, settings.contextTtl(), settings.maxStoredTurns());
    }

    @Override
    public ConversationQueue queue() {
        return new RedisConversationQueue(
                redis,
                lock,
                pacing,
                () -> quotaSteps,
                settings.dedupeWindow(),
                settings.dedupeWindow(),
                settings.contextTtl(),
                settings.maxStoredTurns());
    }

    @Override
    public ConversationLock lock() {
        return lock;
    }

    @Override
    public UpdateDeduplicator deduplicator() {
        return new RedisUpdateDeduplicator(redis, settings.dedupeWindow());
    }

    @Override
    public ChatPacer pacer() {
        return new RedisChatPacer(redis, pacing);
    }

    @Override
    public ImagineJobStore imagineJobs() {
        return new RedisImagineJobStore(redis, IMAGINE_JOB_TTL);
    }

    @Override
    public ButtonKeys buttonKeys(Duration lifetime) {
        return new RedisButtonKeys(redis, lifetime);
    }

    @Override
    public SpeedModeMemory speedModeMemory(String endpoint) {
        return new RedisSpeedModeMemory(redis, endpoint, SPEED_MODES_RECHECK, SPEED_MODES_NOTICE);
    }

    @Override
    public SystemPromptAsks systemPromptAsks() {
        return new RedisSystemPromptAsks(redis);
    }

    @Override
    public ModalAsks modalAsks() {
        return new RedisModalAsks(redis);
    }

    @Override
    public AccessLists accessLists() {
        return new RedisAccessLists(redis);
    }

    @Override
    public LimitOverrides limitOverrides(Limits defaults) {
        return new RedisLimitOverrides(redis, defaults);
    }

    @Override
    public LimitBuckets limitBuckets() {
        return new RedisLimitBuckets(redis);
    }

    @Override
    public Optional<QuotaSteps> quotaSteps(Limits defaults) {
        RedisQuotaSteps steps = new RedisQuotaSteps(redis, defaults, Clock.systemUTC());
        quotaSteps = steps;
        return Optional.of(steps);
    }

    @Override
    public CancelRequests cancelRequests() {
        return new RedisCancelRequests(redis, lock);
    }

    @Override
    public UsageLedger usageLedger() {
        return new RedisUsageLedger(redis, Clock.systemUTC());
    }
}
