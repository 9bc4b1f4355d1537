package dev.chatbridge.telegram;

import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingImage;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.telegram.markup.TelegramHtml;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/** One Telegram chat as the core's outbound port. Markdown becomes Telegram HTML here. */
final class TelegramChatChannel implements ChatChannel {

    private static final Logger log = LoggerFactory.getLogger(TelegramChatChannel.class);

    static final int MAX_TEXT_LENGTH = 4096;
    static final int MAX_CAPTION_LENGTH = 1024;

    /** Told when a group turns out to have become a supergroup: (old id, new id). */
    @FunctionalInterface
    interface Migrations {
        void migrated(long fromChatId, long toChatId);
    }

    private final TelegramClient client;
    private final Migrations migrations;
    /** Changes once if the group became a supergroup while we write to it. */
    private volatile long chatId;

    private final @Nullable Integer replyToMessageId;
    private final ChannelLimits limits;
    /** The chat each message this channel sent went to: after a migration, some are in the old group. */
    private final Map<String, Long> sentIn = new ConcurrentHashMap<>();
    /** Messages of the old group shown anew in the supergroup: old id to the new message. */
    private final Map<String, MessageRef> resent = new ConcurrentHashMap<>();

    TelegramChatChannel(
            TelegramClient client,
            long chatId,
            boolean privateChat,
            @Nullable Integer replyToMessageId,
            TelegramSettings settings,
            Migrations migrations) {
        this.client = client;
        this.migrations = migrations;
        this.chatId = chatId;
        this.replyToMessageId = replyToMessageId;
        this.limits = new ChannelLimits(
                MAX_TEXT_LENGTH,
                privateChat ? settings.privateChatInterval() : settings.groupChatInterval(),
                privateChat && settings.streaming() == TelegramSettings.StreamingMode.DRAFT);
    }

    @Override
    public ChannelLimits limits() {
        return limits;
    }

    @Override
    public Optional<ChannelDirectory.Address> address() {
        return Optional.of(new ChannelDirectory.Address(
                TelegramUpdateTranslator.PLATFORM,
                Long.toString(chatId),
                replyToMessageId == null ? null : replyToMessageId.toString()));
    }

    @Override
    public String pacingKey() {
        return "tg:" + chatId;
    }

    @Override
    public MessageRef send(OutgoingText text) throws DeliveryException {
        return sendText(text, null);
    }

    /**
     * Replaces a message's text. A message left behind in a group that became a supergroup cannot be
     * edited any more (the old chat is dead, and the supergroup starts without it), so the text is
     * sent anew in the supergroup, and later edits of that message go to the new one.
     */
    @Override
    public void edit(MessageRef message, OutgoingText text) throws DeliveryException {
        MessageRef target = resent.getOrDefault(message.id(), message);
        long chat = sentIn.getOrDefault(target.id(), chatId);
        if (chat != chatId) {
            resent.put(message.id(), send(text));
            return;
        }
        Rendered rendered = Rendered.of(text);
        try {
            client.execute(EditMessageText.builder()
                    .chatId(chat)
                    .messageId(Integer.valueOf(target.id()))
                    .text(rendered.text())
                    .parseMode(rendered.parseMode())
                    .build());
        } catch (TelegramApiException e) {
            if (migrated(e, chat)) {
                resent.put(message.id(), send(text));
                return;
            }
            DeliveryException failure = TelegramFailures.translate(e, rendered.parseMode() != null);
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Override
    public void draft(int draftId, OutgoingText text) throws DeliveryException {
        Rendered rendered = Rendered.of(text);
        execute(
                chat -> SendMessageDraft.builder()
                        .chatId(chat)
                        .draftId(draftId)
                        .text(rendered.text())
                        .parseMode(rendered.parseMode())
                        .build(),
                rendered.parseMode() != null);
    }

    @Override
    public void typing() {
        try {
            client.executeAsync(SendChatAction.builder()
                    .chatId(chatId)
                    .action(ActionType.TYPING.toString())
                    .build());
        } catch (TelegramApiException ignored) {
            // Only a courtesy: the answer follows regardless.
        }
    }

    @Override
    public MessageRef sendWithButtons(OutgoingText text, List<List<Button>> buttonRows) throws DeliveryException {
        return sendText(
                text,
                InlineKeyboardMarkup.builder().keyboard(keyboard(buttonRows)).build());
    }

    private MessageRef sendText(OutgoingText text, @Nullable InlineKeyboardMarkup keyboard) throws DeliveryException {
        Rendered rendered = Rendered.of(text);
        Message sent = execute(
                chat -> {
                    SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder()
                            .chatId(chat)
                            .text(rendered.text())
                            .parseMode(rendered.parseMode())
                            .replyMarkup(keyboard);
                    if (replyToMessageId != null) {
                        // In groups the answer quotes the question; still deliver if the question was deleted.
                        send.replyParameters(ReplyParameters.builder()
                                .messageId(replyToMessageId)
                                .allowSendingWithoutReply(true)
                                .build());
                    }
                    return send.build();
                },
                rendered.parseMode() != null);
        if (sent == null) {
            throw new DeliveryException.Failed("Telegram returned no message");
        }
        sentIn.put(Integer.toString(sent.getMessageId()), sent.getChatId());
        return new MessageRef(Integer.toString(sent.getMessageId()));
    }

    private static List<InlineKeyboardRow> keyboard(List<List<Button>> buttonRows) {
        return buttonRows.stream()
                .map(row -> new InlineKeyboardRow(row.stream()
                        .map(button -> InlineKeyboardButton.builder()
                                .text(button.text())
                                .callbackData(button.key())
                                .build())
                        .toList()))
                .toList();
    }

    @Override
    public MessageRef sendImage(OutgoingImage image) throws DeliveryException {
        List<InlineKeyboardRow> rows = keyboard(image.buttonRows());
        try {
            Message sent = followingMigration(chat -> {
                SendPhoto.SendPhotoBuilder<?, ?> photo = SendPhoto.builder()
                        .chatId(Long.toString(chat))
                        .photo(new InputFile(new ByteArrayInputStream(image.bytes()), image.fileName()))
                        .caption(
                                image.caption().length() <= MAX_CAPTION_LENGTH
                                        ? image.caption()
                                        : image.caption().substring(0, MAX_CAPTION_LENGTH - 1) + "…");
                if (!rows.isEmpty()) {
                    photo.replyMarkup(
                            InlineKeyboardMarkup.builder().keyboard(rows).build());
                }
                if (replyToMessageId != null) {
                    photo.replyParameters(ReplyParameters.builder()
                            .messageId(replyToMessageId)
                            .allowSendingWithoutReply(true)
                            .build());
                }
                return client.execute(photo.build());
            });
            sentIn.put(Integer.toString(sent.getMessageId()), sent.getChatId());
            return new MessageRef(Integer.toString(sent.getMessageId()));
        } catch (TelegramApiException e) {
            DeliveryException failure = TelegramFailures.translate(e, false);
            throw failure == null ? new DeliveryException.Failed("photo not sent") : failure;
        }
    }

    private <T extends Serializable> @Nullable T execute(LongFunction<BotApiMethod<T>> method, boolean withMarkup)
            throws DeliveryException {
        try {
            return followingMigration(chat -> client.execute(method.apply(chat)));
        } catch (TelegramApiException e) {
            DeliveryException failure = TelegramFailures.translate(e, withMarkup);
            if (failure == null) {
                return null;
            }
            throw failure;
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run(long chatId) throws TelegramApiException;
    }

    /**
     * Runs a call to this chat. A group that became a supergroup answers 400 with
     * {@code migrate_to_chat_id}, and its old id stays dead: the call is made again at the new id,
     * which this channel uses from then on, and the move is reported so the conversation follows.
     */
    private <T> T followingMigration(Call<T> call) throws TelegramApiException {
        long current = chatId;
        try {
            return call.run(current);
        } catch (TelegramApiException e) {
            if (!migrated(e, current)) {
                throw e;
            }
            return call.run(chatId);
        }
    }

    /** Whether {@code error} says that the group {@code calledChat} became a supergroup; if so, follows it. */
    private boolean migrated(TelegramApiException error, long calledChat) {
        if (!(error instanceof TelegramApiRequestException request)
                || request.getParameters() == null
                || request.getParameters().getMigrateToChatId() == null) {
            return false;
        }
        long newId = request.getParameters().getMigrateToChatId();
        if (newId == calledChat) {
            return false;
        }
        synchronized (this) {
            if (chatId == calledChat) {
                chatId = newId;
                log.info("Telegram group {} became supergroup {}; answering there", calledChat, newId);
                migrations.migrated(calledChat, newId);
            }
        }
        return true;
    }

    /** Text as Telegram receives it. */
    private record Rendered(String text, @Nullable String parseMode) {
        static Rendered of(OutgoingText text) {
            if (text.format() == OutgoingText.Format.PLAIN) {
                return new Rendered(text.text(), null);
            }
            String html = TelegramHtml.render(text.text());
            return html.isBlank() ? new Rendered(text.text(), null) : new Rendered(html, ParseMode.HTML);
        }
    }
}
