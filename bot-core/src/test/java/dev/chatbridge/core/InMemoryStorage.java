package dev.chatbridge.core;

import dev.chatbridge.core.access.InMemoryAccessLists;
import dev.chatbridge.core.conversation.InMemoryConversationStore;
import dev.chatbridge.core.delivery.LocalChatPacer;
import dev.chatbridge.core.imagine.InMemoryButtonKeys;
import dev.chatbridge.core.imagine.InMemoryImagineJobStore;
import dev.chatbridge.core.imagine.ModalAsks;
import dev.chatbridge.core.pipeline.InMemoryConversationLock;
import dev.chatbridge.core.pipeline.InMemoryConversationQueue;
import dev.chatbridge.core.pipeline.InMemoryUpdateDeduplicator;
import dev.chatbridge.core.quota.InMemoryLimitBuckets;
import dev.chatbridge.core.quota.InMemoryLimitOverrides;
import dev.chatbridge.core.quota.InMemoryUsageLedger;
import dev.chatbridge.core.quota.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Every storage port of the core in memory, for use-case tests. Like one Redis, it hands every
 * caller the same state: each port is one object, and the ports that take a parameter return a
 * view of shared state. The ports come back as their in-memory types, so tests can look inside.
 */
public final class InMemoryStorage implements CoreStorage {

    private static final int MAX_STORED_TURNS = 200;

    private final InMemoryConversationStore conversations = new InMemoryConversationStore(MAX_STORED_TURNS);
    private final InMemoryUpdateDeduplicator deduplicator = new InMemoryUpdateDeduplicator();
    private final InMemoryConversationLock lock = new InMemoryConversationLock();
    private final InMemoryConversationQueue queue = new InMemoryConversationQueue(deduplicator, lock, conversations);
    private final LocalChatPacer pacer = new LocalChatPacer();
    private final InMemoryAccessLists accessLists = new InMemoryAccessLists();
    private final InMemoryImagineJobStore imagineJobs;
    private final InMemoryButtonKeys buttonKeys;
    private final ModalAsks modalAsks = ModalAsks.inMemory();
    private final InMemoryLimitOverrides limitOverrides;
    private final InMemoryLimitBuckets limitBuckets;
    private final InMemoryUsageLedger usageLedger;

    public InMemoryStorage() {
        this(Clock.systemUTC());
    }

    /** {@code clock} decides what has expired and which day it is. */
    public InMemoryStorage(Clock clock) {
        this.imagineJobs = new InMemoryImagineJobStore(clock);
        this.buttonKeys = new InMemoryButtonKeys(Duration.ofDays(7), clock);
        this.limitOverrides = new InMemoryLimitOverrides(new Limits(0, 0, 0));
        this.limitBuckets = new InMemoryLimitBuckets(clock);
        this.usageLedger = new InMemoryUsageLedger(clock);
    }

    /** The core's first contact with this storage (publishing the quota defaults) waits for {@code gate}. */
    public void holdFirstContactUntil(CountDownLatch gate) {
        limitOverrides.holdPublishingUntil(gate);
    }

    @Override
    public InMemoryConversationStore conversations() {
        return conversations;
    }

    @Override
    public InMemoryConversationQueue queue() {
        return queue;
    }

    @Override
    public InMemoryConversationLock lock() {
        return lock;
    }

    @Override
    public InMemoryUpdateDeduplicator deduplicator() {
        return deduplicator;
    }

    @Override
    public LocalChatPacer pacer() {
        return pacer;
    }

    @Override
    public InMemoryImagineJobStore imagineJobs() {
        return imagineJobs;
    }

    @Override
    public ModalAsks modalAsks() {
        return modalAsks;
    }

    @Override
    public InMemoryButtonKeys buttonKeys(Duration lifetime) {
        return buttonKeys.lasting(lifetime);
    }

    @Override
    public InMemoryAccessLists accessLists() {
        return accessLists;
    }

    @Override
    public InMemoryLimitOverrides limitOverrides(Limits defaults) {
        return limitOverrides.withDefaults(defaults);
    }

    @Override
    public InMemoryLimitBuckets limitBuckets() {
        return limitBuckets;
    }

    @Override
    public InMemoryUsageLedger usageLedger() {
        return usageLedger;
    }
}
