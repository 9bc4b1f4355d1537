package dev.chatbridge.telegram;

import dev.chatbridge.core.message.AlbumPart;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.pipeline.BotEngine;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Hands updates to the core in arrival order, whether they came by long polling or through the webhook: a button
 * press (answered at once), a part of an album, or a message addressed to the bot, each with the chat channel to
 * answer in. An update that fails is logged and does not hold up the ones after it.
 */
final class UpdateRouter {

    private static final Logger log = LoggerFactory.getLogger(UpdateRouter.class);

    private final BotEngine engine;
    private final TelegramUpdateTranslator translator;
    private final TelegramClient client;
    private final TelegramChats chats;
    private final TelegramSettings settings;

    UpdateRouter(
            BotEngine engine,
            TelegramUpdateTranslator translator,
            TelegramClient client,
            TelegramChats chats,
            TelegramSettings settings) {
        this.engine = engine;
        this.translator = translator;
        this.client = client;
        this.chats = chats;
        this.settings = settings;
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
                                    chats.answering(update.getMessage())));
                    continue;
                }
                Optional<UserMessage> message = translator.translate(update);
                message.ifPresent(m -> engine.accept(m, chats.answering(update.getMessage())));
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
            notice = engine.accept(
                            press,
                            chats.byId(
                                    query.getMessage().getChatId(),
                                    query.getMessage().getMessageId()))
                    .notice();
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
}
