package dev.chatbridge.telegram;

import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingImage;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.telegram.markup.TelegramHtml;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageCaption;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageMedia;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.api.objects.media.InputMediaPhoto;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ForceReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.api.objects.webapp.WebAppInfo;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/** One Telegram chat as the core's outbound port. Markdown becomes Telegram HTML here. */
final class TelegramChatChannel implements ChatChannel {

    static final int MAX_TEXT_LENGTH = 4096;
    static final int MAX_CAPTION_LENGTH = 1024;
    /** ForceReply's input_field_placeholder holds 1–64 characters. */
    static final int MAX_PLACEHOLDER = 64;

    private static final java.util.Set<String> ADMIN_STATUSES = java.util.Set.of("creator", "administrator");

    private final TelegramClient client;
    /** The chat's id, which changes once if the group becomes a supergroup while we write to it. */
    private final MigratingChat chat;

    /** The forum topic answers go to, or null for the chat itself (and a forum's General topic). */
    private final @Nullable Integer threadId;

    private final @Nullable Integer replyToMessageId;
    private final ChannelLimits limits;
    /** Web App buttons work in private chats only, and only they get a command menu of their own. */
    private final boolean privateChat;

    private final CommandMenus menus;

    TelegramChatChannel(
            TelegramClient client,
            TelegramPlace place,
            boolean privateChat,
            @Nullable Integer replyToMessageId,
            TelegramSettings settings,
            CommandMenus menus,
            MigratingChat.Migrations migrations) {
        this.client = client;
        this.menus = menus;
        this.chat = new MigratingChat(place.chatId(), migrations);
        this.threadId = place.threadId();
        this.replyToMessageId = replyToMessageId;
        this.privateChat = privateChat;
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
                new TelegramPlace(chat.id(), threadId).coreId(),
                replyToMessageId == null ? null : replyToMessageId.toString()));
    }

    @Override
    public String pacingKey() {
        return "tg:" + chat.id();
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
        MessageRef target = chat.current(message);
        if (chat.leftBehind(target)) {
            chat.resent(message, send(text));
            return;
        }
        Rendered rendered = Rendered.of(text);
        long calledChat = chat.id();
        try {
            client.execute(EditMessageText.builder()
                    .chatId(calledChat)
                    .messageId(Integer.valueOf(target.id()))
                    .text(rendered.text())
                    .parseMode(rendered.parseMode())
                    .build());
        } catch (TelegramApiException e) {
            if (chat.followed(e, calledChat)) {
                chat.resent(message, send(text));
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
                id -> SendMessageDraft.builder()
                        .chatId(id)
                        .draftId(draftId)
                        .text(rendered.text())
                        .parseMode(rendered.parseMode())
                        .build(),
                rendered.parseMode() != null);
    }

    /** A private chat's command menu follows the language it is answered in; a group's is everyone's, and stays. */
    @Override
    public void answeringIn(Language language, @Nullable String clientTag) {
        if (privateChat) {
            menus.answeringIn(chat.id(), language, clientTag);
        }
    }

    @Override
    public void languageChosen(Language language, @Nullable String clientTag) {
        if (privateChat) {
            menus.languageChosen(chat.id(), language, clientTag);
        }
    }

    @Override
    public void typing() {
        try {
            client.executeAsync(SendChatAction.builder()
                    .chatId(chat.id())
                    .messageThreadId(threadId)
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

    /** A keyboard's next page: the text and the buttons in one edit ("not modified" counts as done). */
    @Override
    public void editWithButtons(MessageRef message, OutgoingText text, List<List<Button>> buttonRows)
            throws DeliveryException {
        Rendered rendered = Rendered.of(text);
        execute(
                id -> EditMessageText.builder()
                        .chatId(id)
                        .messageId(Integer.valueOf(chat.current(message).id()))
                        .text(rendered.text())
                        .parseMode(rendered.parseMode())
                        .replyMarkup(InlineKeyboardMarkup.builder()
                                .keyboard(keyboard(buttonRows))
                                .build())
                        .build(),
                rendered.parseMode() != null);
    }

    /** Telegram opens the reply field for a ForceReply message: the user answers by replying to it. */
    @Override
    public boolean asksByReply() {
        return true;
    }

    @Override
    public MessageRef sendAsk(OutgoingText text, String placeholder) throws DeliveryException {
        return sendText(
                text,
                ForceReplyKeyboard.builder()
                        .forceReply(true)
                        .inputFieldPlaceholder(
                                placeholder.length() <= MAX_PLACEHOLDER
                                        ? placeholder
                                        : placeholder.substring(0, MAX_PLACEHOLDER))
                        .build());
    }

    /** A Web App button opens the page inside Telegram, in private chats; elsewhere a link button opens it. */
    @Override
    public MessageRef sendLink(OutgoingText text, String label, String url, boolean webApp) throws DeliveryException {
        InlineKeyboardButton.InlineKeyboardButtonBuilder<?, ?> button =
                InlineKeyboardButton.builder().text(label);
        if (webApp && privateChat) {
            button.webApp(WebAppInfo.builder().url(url).build());
        } else {
            button.url(url);
        }
        return sendText(
                text,
                InlineKeyboardMarkup.builder()
                        .keyboardRow(new InlineKeyboardRow(button.build()))
                        .build());
    }

    private MessageRef sendText(OutgoingText text, @Nullable ReplyKeyboard keyboard) throws DeliveryException {
        Rendered rendered = Rendered.of(text);
        Message sent = execute(
                id -> {
                    SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder()
                            .chatId(id)
                            .messageThreadId(threadId)
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
        return chat.sent(sent);
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
            Message sent = chat.call(id -> {
                SendPhoto.SendPhotoBuilder<?, ?> photo = SendPhoto.builder()
                        .chatId(Long.toString(id))
                        .messageThreadId(threadId)
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
            return chat.sent(sent);
        } catch (TelegramApiException e) {
            DeliveryException failure = TelegramFailures.translate(e, false);
            throw failure == null ? new DeliveryException.Failed("photo not sent") : failure;
        }
    }

    /** Asks Telegram each time: admins change, and this is asked only when a group setting is pressed. */
    @Override
    public boolean isChatAdmin(String userId) throws DeliveryException {
        ChatMember member = execute(
                id -> GetChatMember.builder()
                        .chatId(id)
                        .userId(Long.valueOf(userId))
                        .build(),
                false);
        return member != null && ADMIN_STATUSES.contains(member.getStatus());
    }

    /**
     * Telegram's editMessageMedia puts a photo into a text message too ("or to add media to text messages"), so
     * the progress message keeps its place and id when its first preview arrives; later previews replace the photo.
     */
    @Override
    public void editPicture(MessageRef message, OutgoingText status, byte[] png) throws DeliveryException {
        Rendered rendered = Rendered.of(status);
        InputMediaPhoto photo = new InputMediaPhoto(new ByteArrayInputStream(png), "preview.png");
        photo.setCaption(caption(rendered.text()));
        photo.setParseMode(rendered.parseMode());
        try {
            chat.call(id -> client.execute(EditMessageMedia.builder()
                    .chatId(Long.toString(id))
                    .messageId(Integer.valueOf(chat.current(message).id()))
                    .media(photo)
                    .build()));
        } catch (TelegramApiException e) {
            DeliveryException failure = TelegramFailures.translate(e, rendered.parseMode() != null);
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** A photo's caption and keyboard (editMessageText would answer "there is no text in the message to edit"). */
    @Override
    public void editCaption(MessageRef message, OutgoingText status, List<List<Button>> buttonRows)
            throws DeliveryException {
        Rendered rendered = Rendered.of(status);
        execute(
                id -> EditMessageCaption.builder()
                        .chatId(id)
                        .messageId(Integer.valueOf(chat.current(message).id()))
                        .caption(caption(rendered.text()))
                        .parseMode(rendered.parseMode())
                        .replyMarkup(
                                buttonRows.isEmpty()
                                        ? null
                                        : InlineKeyboardMarkup.builder()
                                                .keyboard(keyboard(buttonRows))
                                                .build())
                        .build(),
                rendered.parseMode() != null);
    }

    /** Deletes one of the bot's messages; one deleted already (by the user, say) counts as deleted. */
    @Override
    public void delete(MessageRef message) throws DeliveryException {
        try {
            execute(
                    id -> DeleteMessage.builder()
                            .chatId(id)
                            .messageId(Integer.valueOf(chat.current(message).id()))
                            .build(),
                    false);
        } catch (DeliveryException.Failed e) {
            if (!e.getMessage().contains("message to delete not found")) {
                throw e;
            }
        }
    }

    private static String caption(String text) {
        return text.length() <= MAX_CAPTION_LENGTH ? text : text.substring(0, MAX_CAPTION_LENGTH - 1) + "…";
    }

    private <T extends Serializable> @Nullable T execute(LongFunction<BotApiMethod<T>> method, boolean withMarkup)
            throws DeliveryException {
        try {
            return chat.call(id -> client.execute(method.apply(id)));
        } catch (TelegramApiException e) {
            DeliveryException failure = TelegramFailures.translate(e, withMarkup);
            if (failure == null) {
                return null;
            }
            throw failure;
        }
    }

    /** Text as Telegram receives it: rendered HTML, or the text as it is (the plain fallback). */
    record Rendered(String text, @Nullable String parseMode) {
        static Rendered of(OutgoingText text) {
            if (text.format() == OutgoingText.Format.PLAIN) {
                return new Rendered(text.text(), null);
            }
            String html = TelegramHtml.render(text.text());
            return html.isBlank() ? new Rendered(text.text(), null) : new Rendered(html, ParseMode.HTML);
        }
    }
}
