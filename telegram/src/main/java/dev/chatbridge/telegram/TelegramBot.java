package dev.chatbridge.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.observe.PlatformConnection;
import dev.chatbridge.core.observe.PlatformStartException;
import dev.chatbridge.core.pipeline.BotEngine;
import java.net.URI;
import java.util.List;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The Telegram adapter: registers the command menus ({@link CommandMenus}), receives updates by long polling through
 * TelegramBots or through a webhook that the application serves, hands messages addressed to the
 * bot to the core in arrival order ({@link UpdateRouter}), and gives the core a {@link TelegramChatChannel} to answer
 * through ({@link TelegramChats}).
 */
public final class TelegramBot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);
    private static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");

    private final TelegramSettings settings;
    private final BotEngine engine;
    private final TelegramUrl telegramUrl;
    private final OkHttpClient http;
    private final TelegramClient client;
    private final TelegramFiles files;
    private final TelegramChats chats;
    /** The language menus, and the menus of private chats answered in another language than their app's. */
    private final CommandMenus menus;

    private final WebhookReceiver webhookReceiver;
    private TelegramBotsLongPollingApplication polling;
    private UpdateRouter router;
    private final PollingHealth pollingHealth = new PollingHealth();

    public TelegramBot(TelegramSettings settings, BotEngine engine, ChannelDirectory channels) {
        this(settings, engine, channels, OutboundProxies.direct());
    }

    /** Every Bot API call and file download goes through {@code TELEGRAM_PROXY} or the general proxies. */
    public TelegramBot(
            TelegramSettings settings, BotEngine engine, ChannelDirectory channels, OutboundProxies proxies) {
        this.settings = settings;
        this.engine = engine;
        this.telegramUrl = telegramUrl(settings.apiUrl());
        this.http = proxies.configure(new OkHttpClient.Builder(), OutboundProxies.Target.TELEGRAM)
                .addInterceptor(new RetryAfterHeaderInterceptor())
                .addInterceptor(pollingHealth)
                .readTimeout(settings.pollTimeout().plusSeconds(15))
                .build();
        ObjectMapper clientMapper = new ObjectMapper(); // what OkHttpTelegramClient makes itself, kept to warm it up
        this.client = new OkHttpTelegramClient(clientMapper, http, settings.botToken(), telegramUrl);
        TelegramWarmUp.inBackground(clientMapper);
        this.files = new TelegramFiles(client, http, telegramUrl, settings.botToken());
        this.menus = new CommandMenus(client);
        this.chats = new TelegramChats(
                client,
                settings,
                menus,
                (from, to) ->
                        channels.moved(TelegramUpdateTranslator.PLATFORM, Long.toString(from), Long.toString(to)));
        this.webhookReceiver = new WebhookReceiver(update -> {
            pollingHealth.webhookUpdateReceived();
            return router.route(update);
        });
        engine.attachments()
                .register(TelegramUpdateTranslator.PLATFORM, reference -> TelegramAttachment.restore(files, reference));
        channels.register(TelegramUpdateTranslator.PLATFORM, chats::resolve);
    }

    /** How long polling (or the webhook) is doing, for the health endpoint. */
    public PlatformConnection connection() {
        return pollingHealth;
    }

    /**
     * Identifies the bot, registers its commands and starts long polling. Throws {@link
     * PlatformStartException.Unreachable} when the Bot API cannot be reached (the same call may succeed later) and
     * {@link PlatformStartException.TokenRejected} when Telegram does not know the token.
     */
    public void start() throws TelegramApiException, PlatformStartException {
        try {
            User me = identify();
            TelegramBotsLongPollingApplication application =
                    new TelegramBotsLongPollingApplication(ObjectMapper::new, () -> http);
            try {
                application.registerBot(
                        settings.botToken(),
                        () -> telegramUrl,
                        // TelegramBots passes the last update id it received; confirming it needs id + 1.
                        lastUpdateId -> GetUpdates.builder()
                                .offset(lastUpdateId + 1)
                                .timeout((int) settings.pollTimeout().toSeconds())
                                .allowedUpdates(ALLOWED_UPDATES)
                                .build(),
                        router::consumeHolding);
            } catch (TelegramApiException e) {
                closeQuietly(application); // a later attempt starts a new one
                throw e;
            }
            polling = application;
            log.info("Telegram bot @{} is polling {} for updates", me.getUserName(), telegramUrl.getHost());
        } catch (TelegramApiException e) {
            throw sorted(e);
        }
    }

    /**
     * Identifies the bot, registers its commands and the webhook; from then on the application
     * passes each POST to {@link #onWebhookUpdate}. Every replica registers the same webhook.
     */
    public void startWebhook(TelegramWebhook webhook) throws TelegramApiException, PlatformStartException {
        User me;
        try {
            me = identify();
            client.execute(SetWebhook.builder()
                    .url(webhook.url())
                    .secretToken(webhook.secret())
                    .allowedUpdates(ALLOWED_UPDATES)
                    .dropPendingUpdates(webhook.dropPendingUpdates())
                    .build());
        } catch (TelegramApiException e) {
            throw sorted(e);
        }
        webhookReceiver.open(webhook.secret());
        pollingHealth.webhookRegistered();
        log.info("Telegram bot @{} receives updates through its webhook at {}", me.getUserName(), webhook.url());
    }

    /** What a webhook POST gets back; Telegram retries any status but 2xx. */
    public enum WebhookAnswer {
        ACCEPTED(200),
        UNREADABLE(400),
        WRONG_SECRET(401),
        STOPPING(503),
        /** Shared storage could not take the update: Telegram delivers it again later. */
        STORAGE_UNAVAILABLE(503);

        private final int httpStatus;

        WebhookAnswer(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    /**
     * One webhook POST: checks the secret header in constant time, then hands the update to the
     * core, which queues it in Redis and answers in the background, so Telegram gets its 200 within
     * milliseconds. While stopping, or when Redis cannot take the update, answers 503 so that
     * Telegram delivers the update again (to another replica behind the same URL, or later).
     */
    public WebhookAnswer onWebhookUpdate(@Nullable String secretHeader, byte[] body) {
        return webhookReceiver.receive(secretHeader, body);
    }

    /** The start failure as the application tells them apart, or the failure itself when it is neither kind. */
    private static TelegramApiException sorted(TelegramApiException e) throws PlatformStartException {
        PlatformStartException sorted = TelegramFailures.startFailure(e);
        if (sorted != null) {
            throw sorted;
        }
        return e;
    }

    private static void closeQuietly(TelegramBotsLongPollingApplication application) {
        try {
            application.close();
        } catch (Exception ignored) {
            // nothing was polling yet
        }
    }

    private User identify() throws TelegramApiException {
        User me = client.execute(new GetMe());
        TelegramUpdateTranslator translator =
                new TelegramUpdateTranslator(me.getId(), me.getUserName() == null ? "" : me.getUserName(), files);
        router = new UpdateRouter(engine, translator, client, chats, settings);
        menus.registerLanguageMenus();
        return me;
    }

    private static TelegramUrl telegramUrl(String apiUrl) {
        URI uri = URI.create(apiUrl);
        int port = uri.getPort() != -1 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
        return new TelegramUrl(uri.getScheme(), uri.getHost(), port, false);
    }

    /**
     * Stops taking updates: polling ends, and webhook POSTs get 503 so that Telegram delivers them
     * again (to another replica). Answers being written can still be sent until {@link #close}.
     */
    public void stopReceiving() throws TelegramApiException {
        webhookReceiver.stop();
        if (router != null) {
            router.stop(); // an update held while storage is down stays unconfirmed
        }
        if (polling != null) {
            TelegramBotsLongPollingApplication stopping = polling;
            polling = null;
            stopping.unregisterBot(settings.botToken());
            try {
                stopping.close();
            } catch (Exception e) {
                throw new TelegramApiException("Could not stop long polling", e);
            }
        }
    }

    /** Stops taking updates and releases the HTTP client; nothing can be sent afterwards. */
    @Override
    public void close() throws Exception {
        stopReceiving();
        menus.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
