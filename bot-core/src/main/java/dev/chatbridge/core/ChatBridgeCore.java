package dev.chatbridge.core;

import dev.chatbridge.core.access.AccessControl;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.AnswerGuards;
import dev.chatbridge.core.chat.ResilientChatUpstream;
import dev.chatbridge.core.command.QuotaCommands;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.observe.MeteredChannel;
import dev.chatbridge.core.quota.RedisQuotas;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.chat.ChatUpstream;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.command.ModelPicker;
import dev.chatbridge.core.images.ImageCommand;
import dev.chatbridge.core.images.ImageJobs;
import dev.chatbridge.core.images.ImagesClient;
import dev.chatbridge.core.images.ImagesSettings;
import dev.chatbridge.core.tools.CurrentTimeTool;
import dev.chatbridge.core.tools.GenerateImageTool;
import dev.chatbridge.core.tools.HttpTool;
import dev.chatbridge.core.tools.HttpToolSettings;
import dev.chatbridge.core.tools.Tool;
import dev.chatbridge.core.tools.ToolBox;
import dev.chatbridge.core.vision.VisionContext;
import dev.chatbridge.core.vision.VisionSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.RedisChatPacer;
import dev.chatbridge.core.imagine.ButtonKeys;
import dev.chatbridge.core.imagine.ImagineJobStore;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.ImagineWatcher;
import dev.chatbridge.core.imagine.MidjourneyProxy;
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

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("answer-", 0).factory());
    private final ConversationStore store;
    private final ChatPacer pacer;
    private final ConversationLock lock;
    private final ActiveAnswers activeAnswers = new ActiveAnswers();
    private final BotEngine engine;
    private final ChannelDirectory channels;
    private final ImagineWatcher imagineWatcher;
    private final RedisQuotas quotas;
    private final AccessControl access;
    private final CircuitBreaker upstreamBreaker;
    private final BridgeMetrics metrics;
    private final UrlFetcher urlFetcher;

    public ChatBridgeCore(
            StringRedisTemplate redis, ChatUpstream upstream, ModelCatalog models, BotSettings settings,
            StorageSettings storage, AccessPolicy accessPolicy, MidjourneyProxy midjourney,
            ImagineSettings imagineSettings, ChatFeatures features, Safeguards safeguards) {
        this.metrics = safeguards.metrics();
        this.urlFetcher = safeguards.urlFetcher();
        this.channels = new ChannelDirectory((platform, channel) -> MeteredChannel.wrap(channel, platform, metrics));
        this.store = new ConversationStore(redis, storage.contextTtl(), storage.maxStoredTurns());
        this.pacer = new RedisChatPacer(redis);
        this.lock = new ConversationLock(redis, storage.lockLease(), storage.lockMaxWait());
        this.quotas = new RedisQuotas(redis, safeguards.quotas(), metrics);
        this.access = new AccessControl(accessPolicy, redis);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(ResilientChatUpstream.config(safeguards.breaker()));
        this.upstreamBreaker = breakers.circuitBreaker("chat-upstream");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(metrics.registry());
        ImageJobs images = new ImageJobs(new ImagesClient(features.images(), urlFetcher), quotas, metrics);
        ChatService chat = new ChatService(new ResilientChatUpstream(upstream, upstreamBreaker), store, pacer,
                activeAnswers, settings, new VisionContext(features.vision()), features.toolBox(images),
                new AnswerGuards(quotas, metrics, safeguards.breaker().openFor()));
        ImagineJobStore imagineJobs = new ImagineJobStore(redis, Duration.ofDays(2));
        ImagineService imagine = new ImagineService(midjourney, imagineJobs,
                new ButtonKeys(redis, imagineSettings.buttonLifetime()), channels, pacer, imagineSettings, executor,
                quotas, metrics);
        this.imagineWatcher = new ImagineWatcher(imagineJobs, midjourney, imagine, executor);
        CommandHandler commands = new CommandHandler(store, chat, activeAnswers, models, settings, imagine,
                new QuotaCommands(quotas, access), new ModelPicker(store, models, settings, pacer),
                new ImageCommand(images, pacer));
        this.engine = new BotEngine(
                new UpdateDeduplicator(redis, storage.dedupeWindow()),
                access,
                new ConversationSequencer(executor),
                lock,
                chat,
                commands,
                pacer,
                settings,
                executor,
                imagine,
                metrics);
        metrics.gauge("chatbridge.answers.active", "Answers streaming in this instance now", activeAnswers::count);
    }

    /** Starts watching Midjourney jobs, including those a previous run left unfinished. */
    public void startBackgroundWork(Duration imagineTick) {
        imagineWatcher.start(imagineTick);
    }

    /** Where adapters register how to reach their chats for background deliveries. */
    public ChannelDirectory channels() {
        return channels;
    }

    public ImagineWatcher imagineWatcher() {
        return imagineWatcher;
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
    public RedisQuotas quotas() {
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
        if (executor.isShutdown() && executor.isTerminated()) {
            return;
        }
        imagineWatcher.close();
        // Let answers in flight finish and save their turn; unfinished Midjourney jobs stay in Redis.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        lock.close();
        quotas.close();
    }

    /**
     * Vision, image generation and tools: the image size cap and vision model, the images API, the
     * operator's HTTP tools with the cap on tool rounds.
     */
    public record ChatFeatures(
            VisionSettings vision, ImagesSettings images, List<HttpToolSettings> httpTools, int maxToolRounds,
            Duration imageToolTimeout) {

        public ChatFeatures {
            httpTools = List.copyOf(httpTools);
        }

        /** Vision with defaults, the images API at the gateway (auto-detected route), built-in tools only. */
        public static ChatFeatures defaults(String gatewayBaseUrl, String apiKey) {
            return new ChatFeatures(VisionSettings.defaults(),
                    new ImagesSettings(gatewayBaseUrl, apiKey, ImagesSettings.Route.AUTO, "dall-e-3", null,
                            Duration.ofMinutes(2), 20L * 1024 * 1024),
                    List.of(), 5, Duration.ofMinutes(2));
        }

        /** The built-in tools (current_time, generate_image) and the operator's HTTP tools. */
        ToolBox toolBox(ImageJobs imageJobs) {
            List<Tool> tools = new ArrayList<>();
            tools.add(new CurrentTimeTool(Clock.systemUTC()));
            tools.add(new GenerateImageTool(imageJobs, imageToolTimeout));
            httpTools.forEach(settings -> tools.add(new HttpTool(settings)));
            return new ToolBox(tools, maxToolRounds);
        }
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
