package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The methods that create or change messages, with Telegram's limits and error texts. */
final class MessageMethods {
    static final long MAX_PHOTO_BYTES = 10L * 1024 * 1024;

    private final ServerState state;
    /**
     * What each photo message shows, for "message is not modified": a file_id or URL as given, or a fresh name
     * per upload (an uploaded file is always a new one).
     */
    private final Map<String, String> mediaShown = new ConcurrentHashMap<>();

    MessageMethods(ServerState state) {
        this.state = state;
    }

    JsonNode sendMessage(MethodParams params) {
        long chatId = params.requireChatId();
        String raw = Objects.requireNonNullElse(params.string("text"), "");
        String parseMode = params.string("parse_mode");
        FormattedText formatted = MessageContent.text(raw, parseMode, params.json("entities"));
        Integer replyTo = replyTarget(params, chatId);
        Integer topic = state.topic(params, chatId, replyTo);
        JsonNode markup = MessageContent.markup(params);
        int messageId = state.chats.nextMessageId(chatId);
        SentMessage sent =
                new SentMessage(messageId, chatId, formatted.text(), raw, parseMode, 0, replyTo, markup, false, topic);
        ChatHistory.Stored stored = new ChatHistory.Stored(sent, formatted.entities(), now(), 0);
        state.chats.putBot(stored);
        return wire(stored);
    }

    JsonNode editMessageText(MethodParams params) {
        long chatId = params.requireChatId();
        ChatHistory.Stored current = editable(params, chatId, "message to edit not found");
        if (current.message().photo()) {
            throw BotApiError.badRequest("there is no text in the message to edit");
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
                false,
                old.threadId());
        return replace(current, edited, formatted.entities());
    }

    JsonNode editMessageReplyMarkup(MethodParams params) {
        long chatId = params.requireChatId();
        ChatHistory.Stored current = editable(params, chatId, "message to edit not found");
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
                old.photo(),
                old.threadId());
        return replace(current, edited, current.entities());
    }

    JsonNode sendMessageDraft(MethodParams params) {
        long chatId = params.requireChatId();
        if (chatId < 0) {
            throw BotApiError.badRequest("TEXTDRAFT_PEER_INVALID");
        }
        Integer draftId = params.intValue("draft_id");
        if (draftId == null || draftId == 0) {
            throw BotApiError.badRequest("draft_id must be non-zero");
        }
        state.topic(params, chatId, null);
        String raw = Objects.requireNonNullElse(params.string("text"), "");
        String parseMode = params.string("parse_mode");
        FormattedText formatted = MessageContent.text(raw, parseMode, params.json("entities"));
        state.chats.addDraft(new SentDraft(chatId, draftId, formatted.text(), raw, parseMode, Instant.now()));
        return Json.MAPPER.getNodeFactory().booleanNode(true);
    }

    JsonNode sendPhoto(MethodParams params) {
        long chatId = params.requireChatId();
        JsonNode photo = params.node().get("photo");
        if (photo != null && photo.isString() && photo.asString().startsWith("attach://")) {
            // Multipart uploads name the file part; TelegramBots does this.
            photo = params.node().get(photo.asString().substring("attach://".length()));
        }
        if (photo == null
                || photo.isNull()
                || (photo.isString() && photo.asString().isBlank())) {
            throw BotApiError.badRequest("there is no photo in the request");
        }
        if (photo.isObject() && photo.path("size").asLong(0) > MAX_PHOTO_BYTES) {
            throw BotApiError.badRequest("file is too big");
        }
        String raw = Objects.requireNonNullElse(params.string("caption"), "");
        String parseMode = params.string("parse_mode");
        FormattedText caption = MessageContent.caption(raw, parseMode, params.json("caption_entities"));
        Integer replyTo = replyTarget(params, chatId);
        Integer topic = state.topic(params, chatId, replyTo);
        JsonNode markup = MessageContent.markup(params);
        int messageId = state.chats.nextMessageId(chatId);
        SentMessage sent =
                new SentMessage(messageId, chatId, caption.text(), raw, parseMode, 0, replyTo, markup, true, topic);
        ChatHistory.Stored stored = new ChatHistory.Stored(sent, caption.entities(), now(), 0);
        state.chats.putBot(stored);
        return wire(stored);
    }

    /**
     * Replaces a message's photo, or puts a photo into a text message (Bot API: "edit animation, audio, document,
     * photo, or video messages, or to add media to text messages"), with the caption inside {@code media}. Only
     * photos are modelled. The file is a multipart part named by {@code attach://<name>}, a file_id or a URL.
     */
    JsonNode editMessageMedia(MethodParams params) {
        long chatId = params.requireChatId();
        ChatHistory.Stored current = editable(params, chatId, "message to edit not found");
        JsonNode media = params.json("media");
        if (media == null || !media.isObject()) {
            throw BotApiError.badRequest("can't parse InputMedia JSON object");
        }
        if (!media.path("type").asString("").equals("photo")) {
            throw BotApiError.badRequest("the fake Bot API edits photos only, not " + media.path("type"));
        }
        String given = media.path("media").asString("");
        String shown;
        if (given.startsWith("attach://")) {
            JsonNode file = params.node().get(given.substring("attach://".length()));
            if (file == null || !file.isObject()) {
                throw BotApiError.badRequest("can't find attached file \"" + given + "\"");
            }
            if (file.path("size").asLong(0) > MAX_PHOTO_BYTES) {
                throw BotApiError.badRequest("file is too big");
            }
            shown = "upload:" + UUID.randomUUID();
        } else if (given.isBlank()) {
            throw BotApiError.badRequest("there is no photo in the request");
        } else {
            shown = given;
        }
        String raw = media.path("caption").asString("");
        String parseMode =
                media.hasNonNull("parse_mode") ? media.get("parse_mode").asString() : null;
        FormattedText caption = MessageContent.caption(raw, parseMode, media.get("caption_entities"));
        JsonNode markup = MessageContent.markup(params);
        SentMessage old = current.message();
        String key = chatId + ":" + old.messageId();
        if (old.photo()
                && shown.equals(mediaShown.get(key))
                && old.text().equals(caption.text())
                && Objects.equals(old.replyMarkup(), markup)) {
            throw notModified();
        }
        mediaShown.put(key, shown);
        return replace(current, captioned(old, chatId, caption, raw, parseMode, markup), caption.entities());
    }

    /** Replaces a photo's caption (and its keyboard); a text message has none to edit. */
    JsonNode editMessageCaption(MethodParams params) {
        long chatId = params.requireChatId();
        ChatHistory.Stored current = editable(params, chatId, "message to edit not found");
        SentMessage old = current.message();
        if (!old.photo()) {
            throw BotApiError.badRequest("there is no caption in the message to edit");
        }
        String raw = Objects.requireNonNullElse(params.string("caption"), "");
        String parseMode = params.string("parse_mode");
        FormattedText caption = MessageContent.caption(raw, parseMode, params.json("caption_entities"));
        JsonNode markup = MessageContent.markup(params);
        if (old.text().equals(caption.text())
                && current.entities().equals(caption.entities())
                && Objects.equals(old.replyMarkup(), markup)) {
            throw notModified();
        }
        return replace(current, captioned(old, chatId, caption, raw, parseMode, markup), caption.entities());
    }

    /** The message as a photo with this caption and keyboard, one edit later. */
    private static SentMessage captioned(
            SentMessage old,
            long chatId,
            FormattedText caption,
            String raw,
            @Nullable String parseMode,
            @Nullable JsonNode markup) {
        return new SentMessage(
                old.messageId(),
                chatId,
                caption.text(),
                raw,
                parseMode,
                old.editCount() + 1,
                old.replyToMessageId(),
                markup,
                true,
                old.threadId());
    }

    JsonNode deleteMessage(MethodParams params) {
        long chatId = params.requireChatId();
        Integer messageId = params.intValue("message_id");
        if (messageId == null || !state.chats.delete(chatId, messageId)) {
            throw BotApiError.badRequest("message to delete not found");
        }
        return Json.MAPPER.getNodeFactory().booleanNode(true);
    }

    /** The wire form of a bot message, with the message it replies to when that still exists. */
    ObjectNode wire(ChatHistory.Stored stored) {
        SentMessage sent = stored.message();
        ObjectNode replyTo = null;
        if (sent.replyToMessageId() != null) {
            replyTo = state.chats.user(sent.chatId(), sent.replyToMessageId());
            ChatHistory.Stored bot = state.chats.bot(sent.chatId(), sent.replyToMessageId());
            if (replyTo == null && bot != null) {
                replyTo = BotApiObjects.botMessage(bot, state.chats.wire(sent.chatId()), state.botUsername, null);
            }
        }
        return BotApiObjects.botMessage(stored, state.chats.wire(sent.chatId()), state.botUsername, replyTo);
    }

    private JsonNode replace(ChatHistory.Stored current, SentMessage edited, ArrayNode entities) {
        ChatHistory.Stored stored = new ChatHistory.Stored(edited, entities, current.date(), now());
        state.chats.putBot(stored);
        return wire(stored);
    }

    private ChatHistory.Stored editable(MethodParams params, long chatId, String notFound) {
        Integer messageId = params.intValue("message_id");
        if (messageId == null) {
            throw BotApiError.badRequest("message identifier is not specified");
        }
        ChatHistory.Stored current = state.chats.bot(chatId, messageId);
        if (current == null) {
            throw state.chats.exists(chatId, messageId)
                    ? BotApiError.badRequest("message can't be edited")
                    : BotApiError.badRequest(notFound);
        }
        return current;
    }

    private static BotApiError notModified() {
        return BotApiError.badRequest("message is not modified: specified new message content and reply markup "
                + "are exactly the same as a current content and reply markup of the message");
    }

    private @Nullable Integer replyTarget(MethodParams params, long chatId) {
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
        throw BotApiError.badRequest("message to be replied not found");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
