package dev.chatbridge.telegram;

import dev.chatbridge.core.message.AlbumPart;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.InboundEvent;
import dev.chatbridge.core.message.PromptReply;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.pipeline.BotEngine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * answer in. An update that fails is logged and does not hold up the ones after it; one that shared storage
 * cannot take now is not acknowledged (see {@link #consumeHolding} and {@link #route}).
 */
final class UpdateRouter {

    private static final Logger log = LoggerFactory.getLogger(UpdateRouter.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    /** Storage that is back is used within this long. */
    private static final Duration MAX_PAUSE = Duration.ofSeconds(1);

    private final BotEngine engine;
    private final TelegramUpdateTranslator translator;
    private final TelegramClient client;
    private final TelegramChats chats;
    private final TelegramSettings settings;
    private final CountDownLatch stopped = new CountDownLatch(1);

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

    /**
     * Long polling: hands each update to the core in turn. One that shared storage cannot take now is
     * offered again with growing pauses until it is taken, and the ones after it wait (their order is
     * kept). TelegramBots calls this on its polling thread and confirms the batch only with its next
     * {@code getUpdates}, which it sends when this returns; so no update is confirmed before it is
     * queued. Returns early once {@link #stop} is called: what is left is not confirmed, and
     * Telegram delivers it again to the next poller.
     */
    void consumeHolding(List<Update> updates) {
        for (Update update : updates) {
            Duration pause = FIRST_PAUSE;
            while (!route(update)) {
                if (pause.equals(FIRST_PAUSE)) {
                    log.warn("Holding Telegram update {} unconfirmed until storage is back", update.getUpdateId());
                }
                try {
                    if (stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** Ends {@link #consumeHolding} waiting for storage: updates not yet taken are left unconfirmed. */
    void stop() {
        stopped.countDown();
    }

    /**
     * Hands one update to the core; false only when shared storage could not take it, so the platform
     * must deliver it again. Commands are messages too and are delivered again like them: nothing is
     * said to the user, and they run once storage is back. Only a button press is answered at once
     * ({@link #answerButton}). An update whose handling fails otherwise is logged and counts as taken,
     * so that it does not hold up the ones after it.
     */
    boolean route(Update update) {
        try {
            if (update.hasCallbackQuery()) {
                answerButton(update.getCallbackQuery());
                return true;
            }
            var raw = update.getMessage();
            if (raw != null && raw.getMediaGroupId() != null) {
                boolean addressed = translator.addressesBot(raw);
                return translator
                        .translate(update, true)
                        .map(part -> engine.accept(
                                        new AlbumPart(part, raw.getMediaGroupId(), addressed, settings.albumWait()),
                                        chats.answering(update.getMessage()))
                                .acknowledged())
                        .orElse(true);
            }
            Optional<UserMessage> message = translator.translate(update);
            if (message.isEmpty()) {
                // Nothing the bot can read: said so where it was spoken to, so nobody waits on silence.
                return translator
                        .unsupported(update)
                        .map(m -> engine.accept(m, chats.answering(update.getMessage()))
                                .acknowledged())
                        .orElse(true);
            }
            // A reply to one of the bot's messages may answer its question (a Midjourney Remix's new prompt).
            Integer asked = translator.repliedBotMessageId(raw);
            InboundEvent event = asked == null
                    ? message.get()
                    : new PromptReply(message.get(), PromptReply.toMessage(asked.toString()));
            return engine.accept(event, chats.answering(update.getMessage())).acknowledged();
        } catch (RuntimeException e) {
            log.error("Could not handle Telegram update {}", update.getUpdateId(), e);
            return true;
        }
    }

    /**
     * Callback queries must be answered at once, or Telegram shows "query is too old". A press is
     * therefore never held or delivered again while storage is down: it is answered with the notice
     * the core gives (storage is down) and the user presses again later. Delivered again minutes
     * later, it could no longer be answered, and would run an action the user had given up on.
     */
    private void answerButton(CallbackQuery query) {
        String notice = "";
        if (query.getMessage() != null && query.getData() != null) {
            ButtonPress press = translator.translate(query);
            notice = engine.accept(
                            press,
                            chats.byId(
                                    TelegramPlace.of(query.getMessage()),
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
