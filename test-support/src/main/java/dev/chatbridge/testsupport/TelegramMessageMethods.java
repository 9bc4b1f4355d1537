package dev.chatbridge.testsupport;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The methods that create or change messages, with Telegram's limits and error texts. */
final class TelegramMessageMethods {
    static final long MAX_PHOTO_BYTES = 10L * 1024 * 1024;

    private final TelegramState state;

    TelegramMessageMethods(TelegramState state) {
        this.state = state;
    }

    JsonNode sendMessage(TelegramParams params) {
        long chatId = params.requireChatId();
        String raw = Objects.requireNonNullElse(params.string("text"), "");
        String parseMode = params.string("parse_mode");
        FormattedText formatted = MessageContent.text(raw, parseMode, params.json("entities"));
        Integer replyTo = replyTarget(params, chatId);
        JsonNode markup = MessageContent.markup(params);
        int messageId = state.chats.nextMessageId(chatId);
        SentMessage sent =
                new SentMessage(messageId, chatId, formatted.text(), raw, parseMode, 0, replyTo, markup, false);
        TelegramChats.Stored stored = new TelegramChats.Stored(sent, formatted.entities(), now(), 0);
        state.chats.putBot(stored);
        return wire(stored);
    }

    JsonNode editMessageText(TelegramParams params) {
        long chatId = params.requireChatId();
        TelegramChats.Stored current = editable(params, chatId, "message to edit not found");
        if (current.message().photo()) {
            throw TelegramError.badRequest("there is no text in the message to edit");
        }
        String raw = Objects.requireNonNullElse(params.string("text"), "");
        String parseMode = params.string("parse_mode");
        FormattedText formatted = MessageContent.text(raw, parseMode, params.json("entities"));
        // Without reply_markup an edit removes the inline keyboard, as in Telegram.
        JsonNode markup = MessageContent.markup(params);
        SentMessage old = current.message();
        if (old.text().equals(formatted.text())
                && current.entities().equals(formatted.entities())
                && Objects.equals(old.replyMarkup(), markup)) {
            throw notModified();
        }
        SentMessage edited = new SentMessage(
                old.messageId(),
                chatId,
                formatted.text(),
                raw,
                parseMode,
                old.editCount() + 1,
                old.replyToMessageId(),
                markup,
                false);
        return replace(current, edited, formatted.entities());
    }

    JsonNode editMessageReplyMarkup(TelegramParams params) {
        long chatId = params.requireChatId();
        TelegramChats.Stored current = editable(params, chatId, "message to edit not found");
        JsonNode markup = MessageContent.markup(params);
        SentMessage old = current.message();
        if (Objects.equals(old.replyMarkup(), markup)) {
            throw notModified();
        }
        SentMessage edited = new SentMessage(
                old.messageId(),
                chatId,
                old.text(),
                old.rawText(),
                old.parseMode(),
                old.editCount() + 1,
                old.replyToMessageId(),
                markup,
                old.photo());
        return replace(current, edited, current.entities());
    }

    JsonNode sendMessageDraft(TelegramParams params) {
        long chatId = params.requireChatId();
        if (chatId < 0) {
            throw TelegramError.badRequest("TEXTDRAFT_PEER_INVALID");
        }
        Integer draftId = params.intValue("draft_id");
        if (draftId == null || draftId == 0) {
            throw TelegramError.badRequest("draft_id must be non-zero");
        }
        String raw = Objects.requireNonNullElse(params.string("text"), "");
        String parseMode = params.string("parse_mode");
        FormattedText formatted = MessageContent.text(raw, parseMode, params.json("entities"));
        state.chats.addDraft(new SentDraft(chatId, draftId, formatted.text(), raw, parseMode, Instant.now()));
        return Json.MAPPER.getNodeFactory().booleanNode(true);
    }

    JsonNode sendPhoto(TelegramParams params) {
        long chatId = params.requireChatId();
        JsonNode photo = params.node().get("photo");
        if (photo != null && photo.isString() && photo.asString().startsWith("attach://")) {
            // Multipart uploads name the file part; TelegramBots does this.
            photo = params.node().get(photo.asString().substring("attach://".length()));
        }
        if (photo == null
                || photo.isNull()
                || (photo.isString() && photo.asString().isBlank())) {
            throw TelegramError.badRequest("there is no photo in the request");
        }
        if (photo.isObject() && photo.path("size").asLong(0) > MAX_PHOTO_BYTES) {
            throw TelegramError.badRequest("file is too big");
        }
        String raw = Objects.requireNonNullElse(params.string("caption"), "");
        String parseMode = params.string("parse_mode");
        FormattedText caption = MessageContent.caption(raw, parseMode, params.json("caption_entities"));
        Integer replyTo = replyTarget(params, chatId);
        JsonNode markup = MessageContent.markup(params);
        int messageId = state.chats.nextMessageId(chatId);
        SentMessage sent = new SentMessage(messageId, chatId, caption.text(), raw, parseMode, 0, replyTo, markup, true);
        TelegramChats.Stored stored = new TelegramChats.Stored(sent, caption.entities(), now(), 0);
        state.chats.putBot(stored);
        return wire(stored);
    }

    JsonNode deleteMessage(TelegramParams params) {
        long chatId = params.requireChatId();
        Integer messageId = params.intValue("message_id");
        if (messageId == null || !state.chats.delete(chatId, messageId)) {
            throw TelegramError.badRequest("message to delete not found");
        }
        return Json.MAPPER.getNodeFactory().booleanNode(true);
    }

    /** The wire form of a bot message, with the message it replies to when that still exists. */
    ObjectNode wire(TelegramChats.Stored stored) {
        SentMessage sent = stored.message();
        ObjectNode replyTo = null;
        if (sent.replyToMessageId() != null) {
            replyTo = state.chats.user(sent.chatId(), sent.replyToMessageId());
            TelegramChats.Stored bot = state.chats.bot(sent.chatId(), sent.replyToMessageId());
            if (replyTo == null && bot != null) {
                replyTo = TelegramWire.botMessage(bot, state.chats.wire(sent.chatId()), state.botUsername, null);
            }
        }
        return TelegramWire.botMessage(stored, state.chats.wire(sent.chatId()), state.botUsername, replyTo);
    }

    private JsonNode replace(TelegramChats.Stored current, SentMessage edited, ArrayNode entities) {
        TelegramChats.Stored stored = new TelegramChats.Stored(edited, entities, current.date(), now());
        state.chats.putBot(stored);
        return wire(stored);
    }

    private TelegramChats.Stored editable(TelegramParams params, long chatId, String notFound) {
        Integer messageId = params.intValue("message_id");
        if (messageId == null) {
            throw TelegramError.badRequest("message identifier is not specified");
        }
        TelegramChats.Stored current = state.chats.bot(chatId, messageId);
        if (current == null) {
            throw state.chats.exists(chatId, messageId)
                    ? TelegramError.badRequest("message can't be edited")
                    : TelegramError.badRequest(notFound);
        }
        return current;
    }

    private static TelegramError notModified() {
        return TelegramError.badRequest("message is not modified: specified new message content and reply markup "
                + "are exactly the same as a current content and reply markup of the message");
    }

    private @Nullable Integer replyTarget(TelegramParams params, long chatId) {
        Integer messageId = params.intValue("reply_to_message_id");
        boolean allowWithout = params.bool("allow_sending_without_reply");
        JsonNode replyParameters = params.json("reply_parameters");
        if (replyParameters != null && replyParameters.hasNonNull("message_id")) {
            messageId = replyParameters.get("message_id").asInt();
            allowWithout |= replyParameters.path("allow_sending_without_reply").asBoolean(false);
        }
        if (messageId == null || state.chats.exists(chatId, messageId)) {
            return messageId;
        }
        if (allowWithout) {
            return null;
        }
        throw TelegramError.badRequest("message to be replied not found");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
