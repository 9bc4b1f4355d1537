package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.ChatFeatures;
import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.AnswerTuning;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.OfferedModels;
import dev.chatbridge.core.chat.ResilientChatUpstream;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.RegionEditor;
import dev.chatbridge.core.net.AddressPolicy;
import dev.chatbridge.core.net.FetchLimits;
import dev.chatbridge.core.net.HostResolver;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.TrustedHosts;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.pipeline.BotEngine;
import dev.chatbridge.core.quota.QuotaSettings;
import dev.chatbridge.core.redis.RedisStorage;
import dev.chatbridge.core.upstream.http.HttpToolSettings;
import dev.chatbridge.core.upstream.midjourney.MidjourneyClient;
import dev.chatbridge.core.upstream.midjourney.MidjourneySettings;
import dev.chatbridge.core.upstream.openai.GatewayModels;
import dev.chatbridge.core.upstream.openai.ImagesSettings;
import dev.chatbridge.core.upstream.openai.SpringAiChatUpstream;
import dev.chatbridge.core.vision.VisionSettings;
import dev.chatbridge.core.voice.VoiceSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/** Wires the platform-neutral core from the configuration. */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    /** Lifecycle phases: higher phases start last and stop first; Lettuce's connection factory is at 0. */
    static final int CORE_PHASE = Integer.MAX_VALUE - 1000;

    static final int ADAPTER_PHASE = Integer.MAX_VALUE - 100;

    @Bean
    SpringAiChatUpstream.GatewaySettings gatewaySettings(ChatBridgeProperties properties) {
        var gateway = properties.openai();
        return new SpringAiChatUpstream.GatewaySettings(
                gateway.baseUrl(), gateway.apiKey(), properties.chat().model(), gateway.requestTimeout());
    }

    /** The one place every outbound client takes its proxy from; a malformed proxy URL stops the start here. */
    @Bean
    OutboundProxies outboundProxies(ChatBridgeProperties properties) {
        return OutboundProxies.of(properties.proxy().settings());
    }

    @Bean
    BotSettings botSettings(ChatBridgeProperties properties) {
        var chat = properties.chat();
        return new BotSettings(
                chat.model(),
                chat.systemPrompt().isBlank() ? null : chat.systemPrompt(),
                chat.contextTokens(),
                properties.openai().idleTimeout(),
                chat.sharedGroupContext(),
                chat.maxTokens(),
                new AnswerTuning(
                        chat.temperature().defaultValue(),
                        chat.temperature().min(),
                        chat.temperature().max()));
    }

    @Bean
    MidjourneyClient midjourneyClient(ChatBridgeProperties properties, OutboundProxies proxies) {
        var mj = properties.mj();
        // MJ_API_KEY defaults to the gateway's key, as MJ_BASE_URL to its root.
        String apiKey = mj.apiKey().isBlank() ? properties.openai().apiKey() : mj.apiKey();
        return new MidjourneyClient(
                new MidjourneySettings(midjourneyRoot(properties), apiKey, mj.dialect(), Duration.ofSeconds(30)),
                proxies);
    }

    /** MJ_BASE_URL, or the gateway's root (new-api serves /mj/* itself). */
    private static String midjourneyRoot(ChatBridgeProperties properties) {
        String baseUrl = properties.mj().baseUrl();
        return baseUrl.isBlank() ? gatewayRoot(properties.openai().baseUrl()) : baseUrl;
    }

    @Bean(destroyMethod = "close")
    ChatBridgeCore chatBridgeCore(
            StringRedisTemplate redis,
            SpringAiChatUpstream.GatewaySettings gateway,
            BotSettings settings,
            ChatBridgeProperties properties,
            MidjourneyClient midjourney,
            ChatFeaturesProperties features,
            Safeguards safeguards,
            OutboundProxies proxies,
            RegionEditor regionEditor) {
        var mj = properties.mj();
        String hook = mj.hookEnabled()
                ? stripSlash(mj.notifyHookBaseUrl()) + MidjourneyHookEndpoint.PATH + mj.notifySecret()
                : null;
        return new ChatBridgeCore(
                RedisStorage.of(
                        redis,
                        CoreStorage.Settings.defaults(
                                properties.chat().contextTtl(),
                                properties.chat().maxStoredTurns())),
                new SpringAiChatUpstream(gateway, proxies),
                new OfferedModels(
                        new GatewayModels(gateway, proxies), properties.models().settings()),
                settings,
                AccessPolicy.fromLists(
                        properties.bot().allowedUsers(),
                        properties.bot().admins(),
                        properties.bot().allowedChats()),
                midjourney,
                ImagineSettings.defaults(hook)
                        .withPreviewInterval(mj.previewInterval())
                        .withAskTimeout(mj.askTimeout()),
                chatFeatures(gateway, features),
                safeguards,
                regionEditor);
    }

    static ChatFeatures chatFeatures(SpringAiChatUpstream.GatewaySettings gateway, ChatFeaturesProperties features) {
        var vision = features.vision();
        var images = features.images();
        var tools = features.tools();
        var voice = features.voice();
        return new ChatFeatures(
                new VisionSettings(
                        vision.maxImageSize().toBytes(),
                        vision.maxImagesPerQuestion(),
                        vision.model(),
                        vision.maxTotalImageSize().toBytes()),
                new ImagesSettings(
                        gateway.baseUrl(),
                        gateway.apiKey(),
                        images.route(),
                        images.model(),
                        images.size(),
                        images.timeout(),
                        images.maxImageSize().toBytes()),
                tools.http().stream()
                        .map(tool -> new HttpToolSettings(
                                tool.name(),
                                tool.description(),
                                tool.parameters(),
                                URI.create(tool.url()),
                                tool.method(),
                                tool.headers() == null ? Map.of() : tool.headers(),
                                tool.timeout()))
                        .toList(),
                tools.maxRounds(),
                tools.imageTimeout(),
                new VoiceSettings(voice.model(), voice.maxFileSize().toBytes(), voice.maxDuration(), voice.timeout()));
    }

    /**
     * Watches Midjourney jobs and queued messages once everything is up (including those a previous
     * run left), and on shutdown lets answers in flight finish within the grace period, then hands
     * the rest to another replica. It stops after the platform adapters (which stop taking updates
     * first) and before the Redis connection, which the answers still need.
     */
    /** The Midjourney proxy's notify hook; only with a notify secret (otherwise the path is a 404). */
    @Bean
    RouterFunction<ServerResponse> midjourneyHookRoute(ChatBridgeCore core, ChatBridgeProperties properties) {
        return MidjourneyHookEndpoint.route(core, properties.mj().notifySecret());
    }

    @Bean
    SmartLifecycle coreLifecycle(ChatBridgeCore core, ChatBridgeProperties properties) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                core.startBackgroundWork(properties.mj().watchTick());
                running = true;
            }

            @Override
            public void stop() {
                core.shutdown(properties.shutdown().gracePeriod());
                running = false;
            }

            @Override
            public int getPhase() {
                return CORE_PHASE;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    private static String gatewayRoot(String baseUrl) {
        String root = stripSlash(baseUrl.strip());
        return root.endsWith("/v1") ? root.substring(0, root.length() - 3) : root;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Limits, metrics, the gateway's breaker, and the SSRF guard, which trusts the operator's own
     * gateway and Midjourney proxy (often on private addresses in a cluster) plus the listed hosts.
     */
    @Bean
    Safeguards safeguards(
            ChatBridgeProperties properties,
            ChatFeaturesProperties features,
            MeterRegistry meters,
            OutboundProxies proxies) {
        var limits = properties.limits();
        var fetch = properties.fetch();
        var breaker = properties.breaker();
        TrustedHosts trusted = TrustedHosts.of(fetch.trustedHosts())
                .and(TrustedHosts.of(List.of(properties.openai().baseUrl(), midjourneyRoot(properties))));
        return new Safeguards(
                new QuotaSettings(
                        limits.messagesPerMinute(),
                        limits.dailyTokens(),
                        limits.dailyImageJobs(),
                        limits.maxMessageChars()),
                new BridgeMetrics(meters),
                new ResilientChatUpstream.Settings(
                        breaker.minimumCalls(), breaker.failureRatePercent(), breaker.openFor()),
                new UrlFetcher(
                        AddressPolicy.publicOnly(),
                        HostResolver.system(),
                        trusted,
                        new FetchLimits(
                                features.vision().maxImageSize().toBytes(),
                                fetch.connectTimeout(),
                                fetch.readTimeout(),
                                fetch.totalTimeout(),
                                5),
                        proxies));
    }

    @Bean
    BotEngine botEngine(ChatBridgeCore core) {
        return core.engine();
    }
}
