package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds the Bot API objects the fake returns, in the shape TelegramBots' Jackson 2 deserializer expects. */
final class BotApiObjects {
    static final long BOT_ID = 777000;
    static final String BOT_FIRST_NAME = "ChatBridge";

    private BotApiObjects() {}

    static ObjectNode botUser(String username) {
        ObjectNode user = Json.object();
        user.put("id", BOT_ID);
        user.put("is_bot", true);
        user.put("first_name", BOT_FIRST_NAME);
        user.put("username", username);
        return user;
    }

    static ObjectNode me(String username) {
        ObjectNode me = botUser(username);
        me.put("can_join_groups", true);
        me.put("can_read_all_group_messages", false);
        me.put("supports_inline_queries", false);
        return me;
    }

    static ObjectNode user(UserText message) {
        ObjectNode user = Json.object();
        user.put("id", message.userId());
        user.put("is_bot", false);
        user.put("first_name", message.firstName());
        if (message.username() != null) {
            user.put("username", message.username());
        }
        if (message.languageCode() != null) {
            user.put("language_code", message.languageCode());
        }
        return user;
    }

    static ObjectNode chat(UserText message) {
        ObjectNode chat = Json.object();
        chat.put("id", message.chatId());
        chat.put("type", message.chatType().wireName());
        if (message.chatType() == UserText.ChatType.PRIVATE) {
            chat.put("first_name", message.firstName());
            if (message.username() != null) {
                chat.put("username", message.username());
            }
        } else {
            chat.put("title", "Group " + message.chatId());
        }
        return chat;
    }

    static ObjectNode botMessage(
            ChatHistory.Stored stored, ObjectNode chat, String botUsername, @Nullable ObjectNode replyTo) {
        SentMessage sent = stored.message();
        ObjectNode message = Json.object();
        message.put("message_id", sent.messageId());
        message.put("date", stored.date());
        if (stored.editDate() > 0) {
            message.put("edit_date", stored.editDate());
        }
        message.set("chat", chat);
        message.set("from", botUser(botUsername));
        if (sent.threadId() != null) {
            message.put("message_thread_id", sent.threadId());
            message.put("is_topic_message", true);
        }
        if (sent.photo()) {
            message.set("photo", photoSizes(sent.messageId()));
            putText(message, "caption", "caption_entities", sent.text(), stored.entities());
        } else {
            putText(message, "text", "entities", sent.text(), stored.entities());
        }
        // Telegram shows only an inline keyboard on a message; a ForceReply is not part of it.
        if (sent.replyMarkup() != null && sent.replyMarkup().has("inline_keyboard")) {
            message.set("reply_markup", sent.replyMarkup().deepCopy());
        }
        if (replyTo != null) {
            message.set("reply_to_message", replyTo);
        }
        return message;
    }

    private static void putText(ObjectNode message, String field, String entityField, String text, ArrayNode entities) {
        if (!text.isEmpty()) {
            message.put(field, text);
        }
        if (!entities.isEmpty()) {
            message.set(entityField, entities.deepCopy());
        }
    }

    private static ArrayNode photoSizes(int messageId) {
        ArrayNode sizes = Json.array();
        int[][] dimensions = {{90, 90}, {320, 320}, {1024, 1024}};
        for (int[] size : dimensions) {
            ObjectNode photo = sizes.addObject();
            photo.put("file_id", "photo-" + messageId + "-" + size[0]);
            photo.put("file_unique_id", "u" + messageId + "x" + size[0]);
            photo.put("width", size[0]);
            photo.put("height", size[1]);
            photo.put("file_size", size[0] * size[1] / 10);
        }
        return sizes;
    }
}
