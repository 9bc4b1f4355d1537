package dev.chatbridge.core;

import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.chat.ChatUpstream;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.RedisChatPacer;
import dev.chatbridge.core.inbound.BotEngine;
import dev.chatbridge.core.ordering.ConversationLock;
import dev.chatbridge.core.ordering.ConversationSequencer;
import dev.chatbridge.core.ordering.UpdateDeduplicator;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The core, assembled from its parts in one place, so the Spring application and the adapter
 * tests run exactly the same object graph.
 */
public final class ChatBridgeCore implements AutoCloseable {

    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("answer-", 0).factory());
    private final ConversationStore store;
    private final ChatPacer pacer;
    private final ConversationLock lock;
    private final ActiveAnswers activeAnswers = new ActiveAnswers();
    private final BotEngine engine;

    public ChatBridgeCore(
            StringRedisTemplate redis, ChatUpstream upstream, ModelCatalog models, BotSettings settings,
            StorageSettings storage, AccessPolicy access) {
        this.store = new ConversationStore(redis, storage.contextTtl(), storage.maxStoredTurns());
        this.pacer = new RedisChatPacer(redis);
        this.lock = new ConversationLock(redis, storage.lockLease(), storage.lockMaxWait());
        ChatService chat = new ChatService(upstream, store, pacer, activeAnswers, settings);
        CommandHandler commands = new CommandHandler(store, chat, activeAnswers, models, settings);
        this.engine = new BotEngine(
                new UpdateDeduplicator(redis, storage.dedupeWindow()),
                access,
                new ConversationSequencer(executor),
                lock,
                chat,
                commands,
                pacer,
                settings,
                executor);
    }

    public BotEngine engine() {
        return engine;
    }

    public ConversationStore store() {
        return store;
    }

    public ActiveAnswers activeAnswers() {
        return activeAnswers;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        lock.close();
    }

    /** How long things live in Redis. */
    public record StorageSettings(
            Duration contextTtl, int maxStoredTurns, Duration dedupeWindow, Duration lockLease, Duration lockMaxWait) {

        public static StorageSettings defaults(Duration contextTtl, int maxStoredTurns) {
            return new StorageSettings(
                    contextTtl, maxStoredTurns, Duration.ofDays(1), Duration.ofSeconds(30), Duration.ofMinutes(15));
        }
    }
}
