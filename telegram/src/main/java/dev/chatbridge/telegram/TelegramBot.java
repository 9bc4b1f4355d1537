package dev.chatbridge.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.chatbridge.core.command.Commands;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.message.AlbumPart;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.observe.PlatformConnection;
import dev.chatbridge.core.pipeline.BotEngine;
import dev.chatbridge.core.text.Language;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The Telegram adapter: registers the command menu, receives updates by long polling through
 * TelegramBots or through a webhook that the application serves, hands messages addressed to the
 * bot to the core in arrival order, and gives the core a {@link TelegramChatChannel} to answer through.
 */
public final class TelegramBot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);
    private static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");
    /** Telegram's types are Jackson 2 (TelegramBots), so updates are read with Jackson 2, not the app's mapper. */
    private static final ObjectReader UPDATE_READER = new ObjectMapper().readerFor(Update.class);

    private final TelegramSettings settings;
    private final BotEngine engine;
    private final TelegramUrl telegramUrl;
    private final OkHttpClient http;
    private final TelegramClient client;
    private final TelegramFiles files;
    private TelegramBotsLongPollingApplication polling;
    private TelegramUpdateTranslator translator;
    private volatile byte[] webhookSecret = new byte[0];
    private volatile boolean acceptingWebhooks;
    private final PollingHealth pollingHealth = new PollingHealth();

    public TelegramBot(TelegramSettings settings, BotEngine engine, ChannelDirectory channels) {
        this.settings = settings;
        this.engine = engine;
        this.telegramUrl = telegramUrl(settings.apiUrl());
        this.http = new OkHttpClient.Builder()
                .addInterceptor(new RetryAfterHeaderInterceptor())
                .addInterceptor(pollingHealth)
                .readTimeout(settings.pollTimeout().plusSeconds(15))
                .build();
        this.client = new OkHttpTelegramClient(http, settings.botToken(), telegramUrl);
        this.files = new TelegramFiles(client, http, telegramUrl, settings.botToken());
        engine.attachments()
                .register(TelegramUpdateTranslator.PLATFORM, reference -> TelegramAttachment.restore(files, reference));
        channels.register(TelegramUpdateTranslator.PLATFORM, address -> {
            long chatId = Long.parseLong(address.chatId());
            Integer replyTo = address.replyToMessageId() == null ? null : Integer.valueOf(address.replyToMessageId());
            // Telegram chat ids are positive for private chats and negative for groups.
            return new TelegramChatChannel(client, chatId, chatId > 0, replyTo, settings);
        });
    }

    /** How long polling (or the webhook) is doing, for the health endpoint. */
    public PlatformConnection connection() {
        return pollingHealth;
    }

    /** Identifies the bot, registers its commands and starts long polling. */
    public void start() throws TelegramApiException {
        User me = identify();
        polling = new TelegramBotsLongPollingApplication(ObjectMapper::new, () -> http);
        BotSession session = polling.registerBot(
                settings.botToken(),
                () -> telegramUrl,
                // TelegramBots passes the last update id it received; confirming it needs id + 1.
                lastUpdateId -> GetUpdates.builder()
                        .offset(lastUpdateId + 1)
                        .timeout((int) settings.pollTimeout().toSeconds())
                        .allowedUpdates(ALLOWED_UPDATES)
                        .build(),
                this::consume);
        log.info("Telegram bot @{} is polling {} for updates", me.getUserName(), telegramUrl.getHost());
    }

    /**
     * Identifies the bot, registers its commands and the webhook; from then on the application
     * passes each POST to {@link #onWebhookUpdate}. Every replica registers the same webhook.
     */
    public void startWebhook(TelegramWebhook webhook) throws TelegramApiException {
        User me = identify();
        client.execute(SetWebhook.builder()
                .url(webhook.url())
                .secretToken(webhook.secret())
                .allowedUpdates(ALLOWED_UPDATES)
                .dropPendingUpdates(webhook.dropPendingUpdates())
                .build());
        webhookSecret = webhook.secret().getBytes(StandardCharsets.UTF_8);
        acceptingWebhooks = true;
        pollingHealth.webhookRegistered();
        log.info("Telegram bot @{} receives updates through its webhook at {}", me.getUserName(), webhook.url());
    }

    /** What a webhook POST gets back; Telegram retries any status but 2xx. */
    public enum WebhookAnswer {
        ACCEPTED(200),
        UNREADABLE(400),
        WRONG_SECRET(401),
        STOPPING(503);

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
     * milliseconds. While stopping, answers 503 so that Telegram delivers the update again (to
     * another replica behind the same URL).
     */
    public WebhookAnswer onWebhookUpdate(@Nullable String secretHeader, byte[] body) {
        byte[] expected = webhookSecret;
        // Compare before anything else, even when stopping, so the answer reveals nothing.
        boolean authentic = expected.length > 0
                && secretHeader != null
                && MessageDigest.isEqual(expected, secretHeader.getBytes(StandardCharsets.UTF_8));
        if (!authentic) {
            return WebhookAnswer.WRONG_SECRET;
        }
        if (!acceptingWebhooks) {
            return WebhookAnswer.STOPPING;
        }
        Update update;
        try {
            update = UPDATE_READER.readValue(body);
        } catch (IOException e) {
            log.warn("Ignoring an unreadable webhook update: {}", e.getMessage());
            return WebhookAnswer.UNREADABLE;
        }
        pollingHealth.webhookUpdateReceived();
        consume(List.of(update));
        return WebhookAnswer.ACCEPTED;
    }

    private User identify() throws TelegramApiException {
        User me = client.execute(new GetMe());
        translator = new TelegramUpdateTranslator(me.getId(), me.getUserName() == null ? "" : me.getUserName(), files);
        registerCommands();
        return me;
    }

    void consume(List<Update> updates) {
        for (Update update : updates) {
            try {
                if (update.hasCallbackQuery()) {
                    answerButton(update.getCallbackQuery());
                    continue;
                }
                var raw = update.getMessage();
                if (raw != null && raw.getMediaGroupId() != null) {
                    boolean addressed = translator.addressesBot(raw);
                    translator
                            .translate(update, true)
                            .ifPresent(part -> engine.accept(
                                    new AlbumPart(part, raw.getMediaGroupId(), addressed, settings.albumWait()),
                                    channelFor(update)));
                    continue;
                }
                Optional<UserMessage> message = translator.translate(update);
                message.ifPresent(m -> engine.accept(m, channelFor(update)));
            } catch (RuntimeException e) {
                log.error("Could not handle Telegram update {}", update.getUpdateId(), e);
            }
        }
    }

    /** Callback queries must be answered at once, or Telegram shows "query is too old". */
    private void answerButton(CallbackQuery query) {
        String notice = "";
        if (query.getMessage() != null && query.getData() != null) {
            ButtonPress press = translator.translate(query);
            long chatId = query.getMessage().getChatId();
            notice = engine.accept(
                            press,
                            new TelegramChatChannel(
                                    client,
                                    chatId,
                                    chatId > 0,
                                    query.getMessage().getMessageId(),
                                    settings))
                    .join();
        }
        try {
            client.executeAsync(AnswerCallbackQuery.builder()
                    .callbackQueryId(query.getId())
                    .text(notice.isEmpty() ? null : notice)
                    .build());
        } catch (TelegramApiException e) {
            log.warn("Could not answer a button press: {}", e.getMessage());
        }
    }

    private TelegramChatChannel channelFor(Update update) {
        var message = update.getMessage();
        boolean privateChat = "private".equals(message.getChat().getType());
        return new TelegramChatChannel(
                client, message.getChatId(), privateChat, privateChat ? null : message.getMessageId(), settings);
    }

    private void registerCommands() throws TelegramApiException {
        for (Language language : Language.values()) {
            List<BotCommand> menu = Commands.menu().stream()
                    .map(command -> new BotCommand(command.name(), command.description(language)))
                    .toList();
            SetMyCommands.SetMyCommandsBuilder<?, ?> request =
                    SetMyCommands.builder().commands(menu);
            if (language == Language.ZH) {
                request.languageCode("zh");
            }
            client.execute(request.build());
        }
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
        acceptingWebhooks = false;
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
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
