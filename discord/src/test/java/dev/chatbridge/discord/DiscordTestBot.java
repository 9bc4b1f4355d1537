package dev.chatbridge.discord;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.ChatFeatures;
import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ModelListSettings;
import dev.chatbridge.core.chat.OfferedModels;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.RegionEditor;
import dev.chatbridge.core.redis.RedisConnections;
import dev.chatbridge.core.redis.RedisStorage;
import dev.chatbridge.core.upstream.midjourney.MidjourneyClient;
import dev.chatbridge.core.upstream.midjourney.MidjourneySettings;
import dev.chatbridge.core.upstream.openai.GatewayModels;
import dev.chatbridge.core.upstream.openai.SpringAiChatUpstream;
import dev.chatbridge.testsupport.discord.FakeDiscord;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The real Discord adapter (JDA) and core, wired as the application wires them, against the fake Discord, the
 * fake gateway, the fake Midjourney proxy and a real Redis. Each test bot gets its own fake Discord, so user and
 * channel ids never collide in the shared Redis.
 */
final class DiscordTestBot implements AutoCloseable {

    static final String TOKEN = "MTIz.fake-discord.token";
    static final String GATEWAY_KEY = "sk-test-gateway-key";
    static final Duration WAIT = Duration.ofSeconds(20);

    final FakeDiscord discord;
    final FakeOpenAiServer gateway;
    final FakeMidjourneyProxy midjourney;
    final StringRedisTemplate redis;
    final ChatBridgeCore core;
    final DiscordBot bot;
    private final LettuceConnectionFactory connectionFactory;
    private final boolean ownsDiscord;

    private DiscordTestBot(Options options) throws Exception {
        ownsDiscord = options.sharedDiscord == null;
        discord = ownsDiscord ? new FakeDiscord(TOKEN) : options.sharedDiscord;
        options.world.accept(discord);
        gateway = options.gatewayModels == null
                ? new FakeOpenAiServer(GATEWAY_KEY)
                : new FakeOpenAiServer(GATEWAY_KEY, options.gatewayModels);
        midjourney = new FakeMidjourneyProxy(GATEWAY_KEY, FakeMidjourneyProxy.Dialect.ACTION);
        connectionFactory = RedisConnections.connect(options.redisUrl, Duration.ofSeconds(2));
        redis = new StringRedisTemplate(connectionFactory);
        var gatewaySettings = new SpringAiChatUpstream.GatewaySettings(
                gateway.baseUrl(), GATEWAY_KEY, "gpt-4o", Duration.ofMinutes(2));
        core = new ChatBridgeCore(
                RedisStorage.of(redis, CoreStorage.Settings.defaults(Duration.ofDays(7), 200)),
                new SpringAiChatUpstream(gatewaySettings),
                new OfferedModels(new GatewayModels(gatewaySettings), options.modelList),
                new BotSettings("gpt-4o", null, 16_000, Duration.ofSeconds(30), false),
                AccessPolicy.fromLists(options.allowedUsers, options.admins, options.allowedChats),
                new MidjourneyClient(new MidjourneySettings(
                        midjourney.baseUrl(), GATEWAY_KEY, MidjourneySettings.Dialect.AUTO, Duration.ofSeconds(10))),
                new ImagineSettings(
                                null,
                                Duration.ofMillis(150),
                                Duration.ofMillis(600),
                                Duration.ofSeconds(30),
                                Duration.ofMinutes(5),
                                Duration.ofSeconds(20),
                                10L * 1024 * 1024,
                                Duration.ofDays(1))
                        .withPreviewInterval(options.previewInterval),
                ChatFeatures.defaults(gateway.baseUrl(), GATEWAY_KEY),
                Safeguards.none(),
                options.regionEditor);
        bot = new DiscordBot(
                new DiscordSettings(
                        TOKEN,
                        options.restHost == null ? discord.apiUrl() : renamed(discord.apiUrl(), options.restHost),
                        options.gatewayHost == null
                                ? discord.gatewayUrl()
                                : renamed(discord.gatewayUrl(), options.gatewayHost),
                        options.shardTotal,
                        options.shardIds,
                        options.commandGuilds,
                        options.allowedGuilds,
                        options.allowedChannels,
                        options.editInterval,
                        options.threads,
                        options.heldMessages),
                core.engine(),
                core.channels(),
                core.models(),
                options.proxies.apply(discord));
        if (options.interactionTokenWindow != null) {
            bot.interactionTokenWindow(options.interactionTokenWindow);
        }
        if (options.onTokenRejected != null) {
            bot.onTokenRejected(options.onTokenRejected);
        }
        bot.start();
        if (options.onTokenRejected != null) {
            return; // the session is expected to fail: nothing to wait for
        }
        bot.awaitReady();
        core.startBackgroundWork(Duration.ofMillis(100));
        boolean registersGlobally = options.commandGuilds.isEmpty()
                && (options.shardIds.isEmpty() || options.shardIds.contains(0)); // shard 0 registers for all
        if (registersGlobally) {
            discord.await(() -> !discord.registeredCommands(null).isEmpty(), WAIT, "slash commands registered");
        }
    }

    /** The URL with another host name (one only the test's proxies resolve), same scheme, port and path. */
    private static String renamed(String url, String host) {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getScheme() + "://" + host + ":" + uri.getPort()
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    static DiscordTestBot start() throws Exception {
        return new DiscordTestBot(new Options());
    }

    static DiscordTestBot start(Options options) throws Exception {
        return new DiscordTestBot(options);
    }

    /** Waits until no answer is being written and the condition holds. */
    void awaitQuiet(java.util.function.BooleanSupplier condition, String what) {
        discord.await(() -> condition.getAsBoolean() && core.activeAnswers().count() == 0, WAIT, what);
    }

    /** Runs a slash command and returns the text that replaced its "thinking…" placeholder once all is quiet. */
    String slashAnswer(String channelId, String userId, String command, java.util.Map<String, String> options) {
        var interaction = discord.slashCommand(channelId, userId, command, options);
        awaitQuiet(
                () -> interaction.originalMessageId() != null
                        && discord.message(interaction.originalMessageId())
                                .map(m -> !m.content().isEmpty())
                                .orElse(false),
                "the answer to /" + command);
        return discord.message(interaction.originalMessageId()).orElseThrow().content();
    }

    @Override
    public void close() throws Exception {
        // As the app stops: no new events, answers in flight drain (they still need REST), then disconnect.
        bot.stopReceiving();
        core.close();
        bot.close();
        midjourney.close();
        connectionFactory.destroy();
        gateway.close();
        if (ownsDiscord) {
            discord.close();
        }
    }

    static final class Options {
        /** The models the fake gateway lists (null: its default list) and the operator's choice among them. */
        @org.jspecify.annotations.Nullable
        List<String> gatewayModels;

        ModelListSettings modelList = ModelListSettings.defaults();
        Duration previewInterval = ImagineSettings.DEFAULT_PREVIEW_INTERVAL;

        RegionEditor regionEditor = RegionEditor.none();

        /** The mask page of Vary (Region) (default: none, as without PUBLIC_BASE_URL). */
        Options regionEditor(RegionEditor editor) {
            regionEditor = editor;
            return this;
        }

        Options previewInterval(Duration interval) {
            previewInterval = interval;
            return this;
        }

        Options models(List<String> listed, ModelListSettings offered) {
            gatewayModels = listed;
            modelList = offered;
            return this;
        }

        String redisUrl = RedisTestServer.url();
        String allowedUsers = "";
        String allowedChats = "";
        String admins = "";
        Set<String> allowedGuilds = Set.of();
        Set<String> allowedChannels = Set.of();
        List<String> commandGuilds = List.of();
        int shardTotal = 1;
        List<Integer> shardIds = List.of();
        FakeDiscord sharedDiscord;
        Duration editInterval = Duration.ofMillis(1100);
        boolean threads = true;
        int heldMessages = DiscordSettings.DEFAULT_HELD_MESSAGES;
        Consumer<FakeDiscord> world = discord -> {};
        java.util.function.Function<FakeDiscord, dev.chatbridge.core.net.OutboundProxies> proxies =
                discord -> dev.chatbridge.core.net.OutboundProxies.direct();

        @org.jspecify.annotations.Nullable
        String restHost;

        @org.jspecify.annotations.Nullable
        String gatewayHost;

        /**
         * JDA reaches the fake's REST API and gateway under these names (only the proxies resolve them), through the
         * proxies {@code setup} returns once the fake exists.
         */
        Options discordThrough(
                String rest,
                String gateway,
                java.util.function.Function<FakeDiscord, dev.chatbridge.core.net.OutboundProxies> setup) {
            restHost = rest;
            gatewayHost = gateway;
            proxies = setup;
            return this;
        }

        @org.jspecify.annotations.Nullable
        Duration interactionTokenWindow; // null: the production 14 minutes

        /** Another Redis than the shared one: a dedicated server to stop, or a proxy in front of one. */
        Options redisUrl(String url) {
            redisUrl = url;
            return this;
        }

        /** {@code BOT_ALLOWED_CHATS}, named once the fake's guilds and channels exist. */
        Options allowedChats(java.util.function.Function<FakeDiscord, String> list) {
            world = world.andThen(discord -> allowedChats = list.apply(discord));
            return this;
        }

        Options allowedUsers(String list) {
            allowedUsers = list;
            return this;
        }

        /** Admins by Discord user id, made once the fake exists (its ids are only known then). */
        Options admins(java.util.function.Function<FakeDiscord, String> list) {
            world = world.andThen(discord -> admins = list.apply(discord));
            return this;
        }

        /** Guilds and channels decided once the fake exists, so they are given as functions of it. */
        Options allowedPlaces(
                java.util.function.Function<FakeDiscord, Set<String>> guilds,
                java.util.function.Function<FakeDiscord, Set<String>> channels) {
            world = world.andThen(discord -> {
                allowedGuilds = guilds.apply(discord);
                allowedChannels = channels.apply(discord);
            });
            return this;
        }

        Options commandGuilds(java.util.function.Function<FakeDiscord, List<String>> guilds) {
            world = world.andThen(discord -> commandGuilds = guilds.apply(discord));
            return this;
        }

        /** Runs only {@code shardId} of {@code total} against a fake Discord another test bot may share. */
        Options shard(FakeDiscord discord, int shardId, int total) {
            sharedDiscord = discord;
            shardIds = List.of(shardId);
            shardTotal = total;
            return this;
        }

        Options threads(boolean on) {
            threads = on;
            return this;
        }

        Options heldMessages(int capacity) {
            heldMessages = capacity;
            return this;
        }

        Options editInterval(Duration interval) {
            editInterval = interval;
            return this;
        }

        /** How long slash command answers use their token; pair with the fake's interactionTokenLifetime. */
        Options interactionTokenWindow(Duration window) {
            interactionTokenWindow = window;
            return this;
        }

        @org.jspecify.annotations.Nullable
        Consumer<dev.chatbridge.core.observe.PlatformStartException.TokenRejected> onTokenRejected;

        /** Starts without waiting for the shards, telling {@code action} when the gateway refuses the token. */
        Options onTokenRejected(Consumer<dev.chatbridge.core.observe.PlatformStartException.TokenRejected> action) {
            onTokenRejected = action;
            return this;
        }

        Options world(Consumer<FakeDiscord> setup) {
            world = setup;
            return this;
        }
    }
}
