package dev.chatbridge.core;

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
import java.time.Duration;
import java.util.Optional;

/**
 * Where the core keeps what must outlive a process and be shared by its replicas: one
 * implementation of each storage port the features declare. {@link ChatBridgeCore} asks for each
 * once. Redis provides them in production ({@code dev.chatbridge.core.redis.RedisStorage}).
 */
public interface CoreStorage {

    ConversationStore conversations();

    ConversationQueue queue();

    ConversationLock lock();

    UpdateDeduplicator deduplicator();

    ChatPacer pacer();

    ImagineJobStore imagineJobs();

    ButtonKeys buttonKeys(Duration lifetime);

    /** The open asks of Midjourney tasks that wait for the user's input (Remix, Custom Zoom, Vary (Region)). */
    ModalAsks modalAsks();

    AccessLists accessLists();

    LimitOverrides limitOverrides(Limits defaults);

    LimitBuckets limitBuckets();

    UsageLedger usageLedger();

    /** A chat turn's quota work in one step each, where this storage can; empty: step by step. */
    default Optional<QuotaSteps> quotaSteps(Limits defaults) {
        return Optional.empty();
    }

    /** What is known about the speed modes of the proxy at {@code endpoint}, shared by the replicas. */
    default SpeedModeMemory speedModeMemory(String endpoint) {
        return SpeedModeMemory.inMemory();
    }

    /** The system-prompt questions of {@code /settings} that wait for a reply. */
    default SystemPromptAsks systemPromptAsks() {
        return SystemPromptAsks.inMemory();
    }

    /** How {@code /cancel} reaches an answer another replica is writing. */
    default CancelRequests cancelRequests() {
        return CancelRequests.none();
    }

    /**
     * How long things live in storage. {@code lockLease}: how long a conversation's lock outlives its
     * holder; it is renewed every third of it, so a crashed replica's conversations are taken over
     * within about that time (plus a sweep), and a replica that cannot renew for that long stops.
     */
    record Settings(Duration contextTtl, int maxStoredTurns, Duration dedupeWindow, Duration lockLease) {

        public static final Duration DEFAULT_LOCK_LEASE = Duration.ofSeconds(6);

        public static Settings defaults(Duration contextTtl, int maxStoredTurns) {
            return new Settings(contextTtl, maxStoredTurns, Duration.ofDays(1), DEFAULT_LOCK_LEASE);
        }
    }
}
