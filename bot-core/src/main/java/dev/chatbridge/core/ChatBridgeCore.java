package dev.chatbridge.core;

import dev.chatbridge.core.access.AccessControl;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.chat.AnswerGuards;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.CancelRequests;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.chat.ChatUpstream;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.chat.ResilientChatUpstream;
import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.command.ModelPicker;
import dev.chatbridge.core.command.QuotaCommands;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.images.ImageCommand;
import dev.chatbridge.core.images.ImageJobs;
import dev.chatbridge.core.imagine.ImagineJobStore;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.ImagineWatcher;
import dev.chatbridge.core.imagine.MidjourneyProxy;
import dev.chatbridge.core.imagine.RegionEditor;
import dev.chatbridge.core.imagine.SpeedMode;
import dev.chatbridge.core.imagine.SpeedModes;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.observe.MeteredChannel;
import dev.chatbridge.core.pipeline.BotEngine;
import dev.chatbridge.core.pipeline.ConversationLock;
import dev.chatbridge.core.pipeline.ConversationPipeline;
import dev.chatbridge.core.pipeline.ConversationQueue;
import dev.chatbridge.core.pipeline.MessageAnswerer;
import dev.chatbridge.core.pipeline.QueuedTurns;
import dev.chatbridge.core.quota.LimitedQuotas;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.storage.StorageUnavailableException;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.upstream.openai.ImagesClient;
import dev.chatbridge.core.upstream.openai.TranscriptionClient;
import dev.chatbridge.core.vision.VisionContext;
import dev.chatbridge.core.voice.VoiceNotes;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core, assembled from its parts in one place, so the Spring application and the adapter
 * tests run exactly the same object graph.
 */
public final class ChatBridgeCore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatBridgeCore.class);

    private static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);
    private static final Duration DEFAULT_SWEEP_TICK = Duration.ofSeconds(1);
    /** After the grace period and the hand-off, the little that is left (saving a turn, a last edit). */
    private static final Duration FINAL_WAIT = Duration.ofSeconds(5);

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("answer-", 0).factory());
    private final ConversationStore store;
    private final ChatPacer pacer;
    private final ConversationLock lock;
    private final ActiveAnswers activeAnswers = new ActiveAnswers();
    private final BotEngine engine;
    private final ChannelDirectory channels;
    private final ImagineWatcher imagineWatcher;
    private final ImagineService imagine;
    private final ConversationPipeline pipeline;
    private final ModelCatalog models;
    private final LimitedQuotas quotas;
    private final AccessControl access;
    private final CircuitBreaker upstreamBreaker;
    private final BridgeMetrics metrics;
    private final UrlFetcher urlFetcher;
    private final CancelRequests cancelRequests;
    private final CompletableFuture<Void> storageConnected;

    public ChatBridgeCore(
            CoreStorage storage,
            ChatUpstream upstream,
            ModelCatalog models,
            BotSettings settings,
            AccessPolicy accessPolicy,
            MidjourneyProxy midjourney,
            ImagineSettings imagineSettings,
            ChatFeatures features,
            Safeguards safeguards) {
        this(
                storage,
                upstream,
                models,
                settings,
                accessPolicy,
                midjourney,
                imagineSettings,
                features,
                safeguards,
                RegionEditor.none());
    }

    /** With the app's mask page for Vary (Region) ({@link RegionEditor#none()} where it serves none). */
    public ChatBridgeCore(
            CoreStorage storage,
            ChatUpstream upstream,
            ModelCatalog models,
            BotSettings settings,
            AccessPolicy accessPolicy,
            MidjourneyProxy midjourney,
            ImagineSettings imagineSettings,
            ChatFeatures features,
            Safeguards safeguards,
            RegionEditor regionEditor) {
        this.models = models;
        this.metrics = safeguards.metrics();
        this.urlFetcher = safeguards.urlFetcher();
        this.channels = new ChannelDirectory((platform, channel) -> MeteredChannel.wrap(channel, platform, metrics));
        this.store = storage.conversations();
        this.pacer = storage.pacer();
        this.lock = storage.lock();
        ConversationQueue queue = storage.queue();
        QueuedTurns turns = new QueuedTurns(queue, store);
        this.quotas = new LimitedQuotas(
                safeguards.quotas(),
                storage.limitOverrides(safeguards.quotas().limits()),
                storage.limitBuckets(),
                storage.usageLedger(),
                metrics,
                storage.quotaSteps(safeguards.quotas().limits()).orElse(null));
        this.access = new AccessControl(accessPolicy, storage.accessLists());
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(ResilientChatUpstream.config(safeguards.breaker()));
        this.upstreamBreaker = breakers.circuitBreaker("chat-upstream");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(metrics.registry());
        // The fetcher carries the operator's proxies; every other client of the core takes them from it.
        OutboundProxies proxies = urlFetcher.proxies();
        ImageJobs images = new ImageJobs(new ImagesClient(features.images(), urlFetcher, proxies), quotas, metrics);
        VisionContext vision = new VisionContext(features.vision(), urlFetcher);
        ChatService chat = new ChatService(
                new ResilientChatUpstream(upstream, upstreamBreaker),
                store,
                pacer,
                activeAnswers,
                settings,
                vision,
                new VoiceNotes(
                        new TranscriptionClient(
                                features.images().baseUrl(), features.images().apiKey(), features.voice(), proxies),
                        features.voice()),
                features.toolBox(images, proxies),
                new AnswerGuards(quotas, metrics, safeguards.breaker().openFor()),
                turns);
        ImagineJobStore imagineJobs = storage.imagineJobs();
        ImagineService imagine = new ImagineService(
                midjourney,
                imagineJobs,
                storage.buttonKeys(imagineSettings.buttonLifetime()),
                channels,
                pacer,
                imagineSettings,
                executor,
                quotas,
                metrics,
                new SpeedModes(
                        (platform, userId) ->
                                SpeedMode.parse(store.settings(platform, userId).speedMode()),
                        storage.speedModeMemory(midjourney.endpoint())),
                storage.modalAsks(),
                regionEditor);
        this.imagine = imagine;
        this.imagineWatcher = new ImagineWatcher(imagineJobs, midjourney, imagine, executor);
        AttachmentDirectory attachments = new AttachmentDirectory();
        this.cancelRequests = storage.cancelRequests();
        // The first contact with shared storage (Lettuce's first connection, then its first commands: 0.2-0.8 s of
        // a 2-core start) runs beside the rest of the startup; startBackgroundWork() and the engine's first event
        // wait for it, so nothing is answered before the quota defaults and the cancel listener are in place.
        this.storageConnected = CompletableFuture.runAsync(
                () -> {
                    quotas.publishDefaults();
                    cancelRequests.listen((conversationId, language) ->
                            activeAnswers.cancel(conversationId, Text.CANCELLED.in(language)));
                },
                task -> Thread.ofVirtual().name("storage-connect").start(task));
        CommandHandler commands = new CommandHandler(
                store,
                chat,
                activeAnswers,
                models,
                settings,
                imagine,
                new QuotaCommands(quotas, access, queue::deadLetters),
                new ModelPicker(store, models, settings, pacer),
                new ImageCommand(images, pacer),
                attachments,
                access,
                cancelRequests,
                pacer,
                vision,
                storage.systemPromptAsks());
        MessageAnswerer answerer = new MessageAnswerer(chat, commands, pacer, settings, metrics, channels, store);
        channels.onMove(this::moveChat);
        this.pipeline = new ConversationPipeline(
                queue,
                lock,
                channels,
                attachments,
                activeAnswers,
                answerer,
                turns,
                ConversationPipeline.DEFAULT_MAX_ATTEMPTS,
                executor);
        this.engine = new BotEngine(
                storage.deduplicator(),
                access,
                pipeline,
                answerer,
                commands,
                imagine,
                executor,
                metrics,
                this::awaitStorage);
        metrics.gauge("chatbridge.answers.active", "Answers streaming in this instance now", activeAnswers::count);
        metrics.gauge(
                "chatbridge.messages.dead",
                "Messages set aside after failing every attempt (kept a week), on all replicas",
                queue::deadLetters);
    }

    /** A chat lives under a new id from now on (a Telegram group became a supergroup): its conversations follow. */
    private void moveChat(String platform, String fromChatId, String toChatId) {
        try {
            store.moveChat(platform, fromChatId, toChatId);
            log.info("Moved the conversations of {} chat {} to its new id {}", platform, fromChatId, toChatId);
        } catch (StorageUnavailableException e) {
            metrics.redisError("conversation");
            log.error("Could not move the conversations of {} chat {}: {}", platform, fromChatId, e.getMessage());
        }
    }

    /** Starts watching Midjourney jobs and queued messages, including those a previous run left unfinished. */
    public void startBackgroundWork(Duration imagineTick) {
        startBackgroundWork(imagineTick, DEFAULT_SWEEP_TICK);
    }

    /** {@code queueSweepTick}: how often to look for conversations that no replica is answering. */
    public void startBackgroundWork(Duration imagineTick, Duration queueSweepTick) {
        awaitStorage();
        imagineWatcher.start(imagineTick);
        pipeline.start(queueSweepTick);
    }

    /** Returns once the first contact with shared storage is done; throws what it failed with (Redis unreachable). */
    private void awaitStorage() {
        try {
            storageConnected.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Where adapters register how to reach their chats for background deliveries. */
    public ChannelDirectory channels() {
        return channels;
    }

    public ImagineWatcher imagineWatcher() {
        return imagineWatcher;
    }

    /** The imagine flow, for what completes its MODAL tasks from outside the chats (the Vary (Region) page). */
    public ImagineService imagine() {
        return imagine;
    }

    /** The gateway's models, for platforms that offer them as choices (Discord autocomplete). */
    public ModelCatalog models() {
        return models;
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

    /** The users' limits. */
    public Quotas quotas() {
        return quotas;
    }

    public AccessControl access() {
        return access;
    }

    /** The breaker in front of the chat gateway, for the gateway's health indicator. */
    public CircuitBreaker upstreamBreaker() {
        return upstreamBreaker;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /** Fetches URLs users supply (image links, tool arguments) through the SSRF guard. */
    public UrlFetcher urlFetcher() {
        return urlFetcher;
    }

    @Override
    public void close() {
        shutdown(DEFAULT_SHUTDOWN_GRACE);
    }

    /**
     * Stops gracefully: takes no new work, gives the answers being written up to {@code grace} to
     * finish, hands the rest to another replica (they stay queued in Redis), and leaves unfinished
     * Midjourney jobs in Redis with their leases released. Call after the adapters stopped.
     */
    public void shutdown(Duration grace) {
        if (executor.isShutdown()) {
            return;
        }
        imagineWatcher.close();
        try {
            pipeline.stop(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(FINAL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            // A start that fails early may still be making that first contact: let it end before closing its listener.
            storageConnected.get(FINAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("The first contact with storage did not complete: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cancelRequests.close();
        lock.close();
        quotas.close();
    }
}
