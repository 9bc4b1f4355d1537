package dev.chatbridge.telegram;

import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.inbound.BotEngine;
import dev.chatbridge.core.inbound.ButtonPress;
import dev.chatbridge.core.inbound.UserMessage;
import dev.chatbridge.core.observe.PlatformConnection;
import dev.chatbridge.core.text.Language;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.TelegramOkHttpClientFactory;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The Telegram adapter: registers the command menu, long-polls for updates through
 * TelegramBots, hands messages addressed to the bot to the core in arrival order, and gives the
 * core a {@link TelegramChatChannel} to answer through.
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
    private final TelegramAlbums albums;
    private TelegramBotsLongPollingApplication polling;
    private TelegramUpdateTranslator translator;
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
        this.albums = new TelegramAlbums(settings.albumWait(), engine::onMessage);
        channels.register(TelegramUpdateTranslator.PLATFORM, address -> {
            long chatId = Long.parseLong(address.chatId());
            Integer replyTo = address.replyToMessageId() == null ? null : Integer.valueOf(address.replyToMessageId());
            // Telegram chat ids are positive for private chats and negative for groups.
            return new TelegramChatChannel(client, chatId, chatId > 0, replyTo, settings);
        });
    }

    /** How long polling is doing, for the health endpoint. */
    public PlatformConnection connection() {
        return pollingHealth;
    }

    /** Identifies the bot, registers its commands and starts long polling. */
    public void start() throws TelegramApiException {
        User me = client.execute(new GetMe());
        translator = new TelegramUpdateTranslator(me.getId(), me.getUserName() == null ? "" : me.getUserName(), files);
        registerCommands();
        polling = new TelegramBotsLongPollingApplication(
                com.fasterxml.jackson.databind.ObjectMapper::new, () -> http);
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

    void consume(List<Update> updates) {
        for (Update update : updates) {
            try {
                if (update.hasCallbackQuery()) {
                    answerButton(update.getCallbackQuery());
                    continue;
                }
                var raw = update.getMessage();
                if (raw != null && raw.getMediaGroupId() != null) {
                    translator.translate(update, true).ifPresent(part ->
                            albums.add(raw.getMediaGroupId(), part, translator.addressesBot(raw), channelFor(update)));
                    continue;
                }
                if (raw != null) {
                    albums.flushChat(Long.toString(raw.getChatId()));
                }
                Optional<UserMessage> message = translator.translate(update);
                message.ifPresent(m -> engine.onMessage(m, channelFor(update)));
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
            notice = engine.onButton(press, new TelegramChatChannel(
                    client, chatId, chatId > 0, query.getMessage().getMessageId(), settings));
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
            List<BotCommand> menu = CommandHandler.MENU.stream()
                    .map(command -> new BotCommand(command, CommandHandler.menuDescription(command, language)))
                    .toList();
            SetMyCommands.SetMyCommandsBuilder<?, ?> request = SetMyCommands.builder().commands(menu);
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

    @Override
    public void close() throws Exception {
        albums.close();
        if (polling != null) {
            TelegramBotsLongPollingApplication stopping = polling;
            polling = null;
            stopping.unregisterBot(settings.botToken());
            stopping.close();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
