package dev.chatbridge.telegram;

import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.ChatFeatures;
import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ModelListSettings;
import dev.chatbridge.core.chat.OfferedModels;
import dev.chatbridge.core.chat.ResilientChatUpstream;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.RegionEditor;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.QuotaSettings;
import dev.chatbridge.core.redis.RedisConnections;
import dev.chatbridge.core.redis.RedisStorage;
import dev.chatbridge.core.upstream.midjourney.MidjourneyClient;
import dev.chatbridge.core.upstream.midjourney.MidjourneySettings;
import dev.chatbridge.core.upstream.openai.GatewayModels;
import dev.chatbridge.core.upstream.openai.SpringAiChatUpstream;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The real Telegram adapter and core, wired as the application wires them, against the fake Bot
 * API, the fake gateway and a real Redis.
 */
final class TelegramTestBot implements AutoCloseable, AfterAllCallback {

    static final String TOKEN = "123456:TEST-token_for-fake";
    static final String GATEWAY_KEY = "sk-test-gateway-key";
    static final String WEBHOOK_SECRET = "test-webhook-Secret";
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    final FakeTelegramBotApi telegram;
    final FakeOpenAiServer gateway;
    final FakeMidjourneyProxy midjourney;
    final StringRedisTemplate redis;
    ChatBridgeCore core;
    TelegramBot bot;
    private final Options options;
    private final LettuceConnectionFactory connectionFactory;
    private @Nullable HttpServer webhookServer;

    private TelegramTestBot(Options options) throws Exception {
        this.options = options;
        telegram = new FakeTelegramBotApi(TOKEN)
                .privateChatInterval(options.privateInterval)
                .groupChatInterval(options.groupInterval);
        gateway = options.gatewayModels == null
                ? new FakeOpenAiServer(GATEWAY_KEY)
                : new FakeOpenAiServer(GATEWAY_KEY, options.gatewayModels);
        midjourney = new FakeMidjourneyProxy(GATEWAY_KEY, options.midjourneyDialect);
        connectionFactory = RedisConnections.connect(options.redisUrl, Duration.ofSeconds(2));
        redis = new StringRedisTemplate(connectionFactory);
        startBot();
    }

    /** Starts the core and the adapter (again, after {@link #crash()}), against the same fakes and Redis. */
    void startBot() throws Exception {
        var gatewaySettings = new SpringAiChatUpstream.GatewaySettings(
                options.gatewayUrlSuffix.isEmpty() ? gateway.baseUrl() : gateway.baseUrl() + options.gatewayUrlSuffix,
                GATEWAY_KEY,
                "gpt-4o",
                Duration.ofMinutes(2));
        core = new ChatBridgeCore(
                RedisStorage.of(redis, CoreStorage.Settings.defaults(Duration.ofDays(7), 200)),
                new SpringAiChatUpstream(gatewaySettings),
                new OfferedModels(new GatewayModels(gatewaySettings), options.modelList),
                new BotSettings(
                        "gpt-4o",
                        null,
                        options.contextTokens,
                        options.idleTimeout,
                        options.sharedGroupContext,
                        options.maxTokens),
                AccessPolicy.fromLists(options.allowedUsers, options.admins, options.allowedChats),
                new MidjourneyClient(new MidjourneySettings(
                        midjourney.baseUrl(), GATEWAY_KEY, MidjourneySettings.Dialect.AUTO, Duration.ofSeconds(10))),
                new ImagineSettings(
                                null,
                                Duration.ofMillis(150),
                                Duration.ofMillis(600),
                                Duration.ofSeconds(30),
                                options.stallTimeout,
                                Duration.ofSeconds(20),
                                10L * 1024 * 1024,
                                Duration.ofDays(1),
                                options.imagineLease)
                        .withPreviewInterval(options.previewInterval)
                        .withAskTimeout(options.askTimeout),
                options.features.apply(ChatFeatures.defaults(gateway.baseUrl(), GATEWAY_KEY)),
                new Safeguards(options.quotas, BridgeMetrics.none(), options.breaker, options.urlFetcher),
                options.regionEditor);
        String apiUrl = options.telegramHost == null
                ? telegram.baseUrl()
                : "http://" + options.telegramHost + ":"
                        + java.net.URI.create(telegram.baseUrl()).getPort();
        bot = new TelegramBot(
                new TelegramSettings(
                        TOKEN,
                        apiUrl,
                        options.streaming,
                        // A little above the fake's limit, as the defaults are above Telegram's.
                        options.privateInterval.plusMillis(100),
                        options.groupInterval.plusMillis(100),
                        Duration.ofSeconds(1),
                        options.albumWait),
                core.engine(),
                core.channels(),
                options.proxies.apply(telegram.baseUrl()));
        if (options.webhook) {
            startWebhook();
        } else {
            bot.start();
        }
        core.startBackgroundWork(Duration.ofMillis(100));
    }

    /** Webhook mode: a local HTTP server passes the fake's POSTs to the adapter, as the app's endpoint does. */
    private void startWebhook() throws Exception {
        TelegramBot receiving = bot;
        webhookServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhookServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        webhookServer.createContext("/telegram", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String secret = exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token");
                exchange.sendResponseHeaders(
                        receiving.onWebhookUpdate(secret, body).httpStatus(), -1);
            }
        });
        webhookServer.start();
        telegram.webhookTargets(
                List.of("http://127.0.0.1:" + webhookServer.getAddress().getPort()));
        bot.startWebhook(new TelegramWebhook("https://bot.example.com/telegram", WEBHOOK_SECRET, false));
    }

    private void stopWebhook() {
        if (webhookServer != null) {
            webhookServer.stop(0);
            webhookServer = null;
        }
    }

    /** Stops the adapter and the core abruptly, as a crash would (no grace for running work); the fakes and Redis stay. */
    void crash() throws Exception {
        stopWebhook();
        bot.close();
        core.shutdown(Duration.ZERO);
    }

    static TelegramTestBot start() throws Exception {
        return new TelegramTestBot(new Options());
    }

    static TelegramTestBot start(Options options) throws Exception {
        return new TelegramTestBot(options);
    }

    /**
     * One bot with the default options for a whole test class, closed after its last test:
     * {@code @RegisterExtension static final TelegramTestBot t = TelegramTestBot.forTheClass();}
     */
    static TelegramTestBot forTheClass() {
        try {
            return start();
        } catch (Exception e) {
            throw new IllegalStateException("The test bot did not start", e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** A user asks in a private chat; waits until the answer is complete and the chat holds {@code expectedMessages}. */
    void ask(long chat, String question, int expectedMessages) {
        telegram.sendText(chat, chat, question);
        FakeTelegramBotApi.await(
                "answer to " + question,
                () -> telegram.messages(chat).size() >= expectedMessages
                        && core.activeAnswers().count() == 0,
                Duration.ofSeconds(20));
    }

    /** The newest gateway request whose last user message was {@code question}. */
    dev.chatbridge.testsupport.openai.ReceivedChatRequest lastRequestFrom(String question) {
        return gateway.requests().stream()
                .filter(request -> request.lastUserText().equals(question))
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    /** A chat or user id no other test uses, so tests share one Redis without interfering. */
    static long newId() {
        return IDS.incrementAndGet();
    }

    @Override
    public void close() throws Exception {
        // As the app stops: no new updates, answers in flight drain (they still need the Bot API), then the
        // HTTP client goes. Closing the client first left answers retrying into whatever server took its port next.
        stopWebhook();
        bot.stopReceiving();
        core.close();
        bot.close();
        midjourney.close();
        connectionFactory.destroy();
        gateway.close();
        telegram.close();
    }

    static final class Options {
        TelegramSettings.StreamingMode streaming = TelegramSettings.StreamingMode.EDIT;
        Duration privateInterval = Duration.ofMillis(300);
        Duration groupInterval = Duration.ofMillis(600);
        String redisUrl = RedisTestServer.url();
        String allowedUsers = "";
        String allowedChats = "";
        String gatewayUrlSuffix = "";
        int contextTokens = 16_000;
        Duration idleTimeout = Duration.ofSeconds(30);
        boolean sharedGroupContext = false;
        int maxTokens = BotSettings.DEFAULT_MAX_TOKENS;
        FakeMidjourneyProxy.Dialect midjourneyDialect = FakeMidjourneyProxy.Dialect.ACTION;
        Duration stallTimeout = Duration.ofMinutes(5);
        Duration imagineLease = ImagineSettings.DEFAULT_LEASE;
        Duration previewInterval = ImagineSettings.DEFAULT_PREVIEW_INTERVAL;
        Duration askTimeout = ImagineSettings.DEFAULT_ASK_TIMEOUT;
        RegionEditor regionEditor = RegionEditor.none();
        String admins = "";
        QuotaSettings quotas = QuotaSettings.unlimited();
        ResilientChatUpstream.Settings breaker = ResilientChatUpstream.Settings.defaults();
        UrlFetcher urlFetcher = Safeguards.none().urlFetcher();

        boolean webhook = false;
        Duration albumWait = Duration.ofMillis(400);
        java.util.function.UnaryOperator<ChatFeatures> features = f -> f;

        /** Updates come through the webhook (a local HTTP server in front of the adapter) instead of long polling. */
        /** The models the fake gateway lists (null: its default list) and the operator's choice among them. */
        @Nullable
        List<String> gatewayModels;

        ModelListSettings modelList = ModelListSettings.defaults();

        Options models(List<String> listed, ModelListSettings offered) {
            gatewayModels = listed;
            modelList = offered;
            return this;
        }

        Options webhook() {
            webhook = true;
            return this;
        }

        Options admins(String list) {
            admins = list;
            return this;
        }

        Options quotas(QuotaSettings settings) {
            quotas = settings;
            return this;
        }

        /** The SSRF-guarded fetcher for user-supplied URLs (default: public addresses only, system DNS). */
        @org.jspecify.annotations.Nullable
        String telegramHost;

        java.util.function.Function<String, OutboundProxies> proxies = fake -> OutboundProxies.direct();

        /**
         * The adapter reaches the fake Bot API as {@code http://<host>:<port>} (a name only the proxies know), through
         * the proxies {@code setup} returns, given the fake's own URL.
         */
        Options telegramThrough(String host, java.util.function.Function<String, OutboundProxies> setup) {
            telegramHost = host;
            proxies = setup;
            return this;
        }

        Options urlFetcher(UrlFetcher fetcher) {
            urlFetcher = fetcher;
            return this;
        }

        Options breaker(ResilientChatUpstream.Settings settings) {
            breaker = settings;
            return this;
        }

        /** Adjusts vision, images and tools from the defaults (gateway = the fake). */
        Options features(java.util.function.UnaryOperator<ChatFeatures> change) {
            features = change;
            return this;
        }

        Options midjourneyDialect(FakeMidjourneyProxy.Dialect dialect) {
            midjourneyDialect = dialect;
            return this;
        }

        /** The least time between two preview pictures of a Midjourney job (the app's default: 5 s). */
        Options previewInterval(Duration interval) {
            previewInterval = interval;
            return this;
        }

        /** How long a Remix, Custom Zoom or Vary (Region) waits for the user's answer. */
        Options askTimeout(Duration timeout) {
            askTimeout = timeout;
            return this;
        }

        /** The mask page of Vary (Region) (default: none, as without PUBLIC_BASE_URL). */
        Options regionEditor(RegionEditor editor) {
            regionEditor = editor;
            return this;
        }

        /** How long an instance holds a Midjourney task before another may take it over. */
        Options imagineLease(Duration lease) {
            imagineLease = lease;
            return this;
        }

        Options stallTimeout(Duration timeout) {
            stallTimeout = timeout;
            return this;
        }

        Options streaming(TelegramSettings.StreamingMode mode) {
            streaming = mode;
            return this;
        }

        Options intervals(Duration privateChat, Duration group) {
            privateInterval = privateChat;
            groupInterval = group;
            return this;
        }

        Options redisUrl(String url) {
            redisUrl = url;
            return this;
        }

        /** {@code BOT_ALLOWED_CHATS}. */
        Options allowedChats(String list) {
            allowedChats = list;
            return this;
        }

        Options allowedUsers(String list) {
            allowedUsers = list;
            return this;
        }

        Options gatewayUrlSuffix(String suffix) {
            gatewayUrlSuffix = suffix;
            return this;
        }

        Options contextTokens(int tokens) {
            contextTokens = tokens;
            return this;
        }

        Options idleTimeout(Duration timeout) {
            idleTimeout = timeout;
            return this;
        }

        Options sharedGroupContext(boolean shared) {
            sharedGroupContext = shared;
            return this;
        }

        /** The cap on an answer's tokens, sent as {@code max_tokens} (0: none). */
        Options maxTokens(int tokens) {
            maxTokens = tokens;
            return this;
        }
    }
}
