package dev.chatbridge.testsupport;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns what simulated users do into queued updates, shaped like Telegram's. */
final class TelegramUsers {
    private final TelegramState state;
    private final TelegramMessageMethods messages;
    private final AtomicLong callbackIds = new AtomicLong();
    private final String callbackIdPrefix = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50)) + "-";

    TelegramUsers(TelegramState state, TelegramMessageMethods messages) {
        this.state = state;
        this.messages = messages;
    }

    int sendText(UserMessage message) {
        ObjectNode chat = TelegramWire.chat(message);
        state.chats.describe(message.chatId(), chat);
        int messageId = state.chats.nextMessageId(message.chatId());
        ObjectNode wire = Json.object();
        wire.put("message_id", messageId);
        wire.put("date", Instant.now().getEpochSecond());
        wire.set("chat", chat);
        wire.set("from", TelegramWire.user(message));
        wire.put("text", message.text());
        ArrayNode entities = UserTextEntities.detect(message.text());
        if (!entities.isEmpty()) {
            wire.set("entities", entities);
        }
        if (message.replyToMessageId() != null) {
            wire.set("reply_to_message", existingMessage(message.chatId(), message.replyToMessageId()));
        }
        state.chats.putUser(message.chatId(), messageId, wire);
        ObjectNode update = Json.object();
        update.set("message", wire);
        return state.updates.add(update);
    }

    int pressButton(long chatId, long userId, int messageId, String callbackData) {
        TelegramChats.Stored stored = state.chats.bot(chatId, messageId);
        if (stored == null) {
            throw new IllegalArgumentException("No bot message " + messageId + " in chat " + chatId);
        }
        // Real query ids are large unique numbers; a random prefix keeps fakes sharing one Redis apart.
        String queryId = callbackIdPrefix + callbackIds.incrementAndGet();
        ObjectNode query = Json.object();
        query.put("id", queryId);
        query.set("from", TelegramWire.user(UserMessage.of(userId, userId, "")));
        query.set("message", messages.wire(stored));
        query.put("chat_instance", String.valueOf(chatId * 31));
        query.put("data", callbackData);
        state.callbacks.put(queryId, new TelegramState.CallbackQuery(Instant.now()));
        ObjectNode update = Json.object();
        update.set("callback_query", query);
        return state.updates.add(update);
    }

    /** Remembers the messages and callback queries in a raw update, so replies and answers to them work. */
    int pushRaw(String json) {
        if (!(Json.parse(json) instanceof ObjectNode update)) {
            throw new IllegalArgumentException("An update is a JSON object: " + json);
        }
        JsonNode message = update.path("message");
        if (message instanceof ObjectNode object && message.path("chat").has("id") && message.has("message_id")) {
            state.chats.putUser(message.path("chat").get("id").asLong(), message.get("message_id").asInt(), object);
        }
        JsonNode callback = update.path("callback_query");
        if (callback.isObject() && callback.has("id")) {
            state.callbacks.put(callback.get("id").asString(), new TelegramState.CallbackQuery(Instant.now()));
        }
        return state.updates.add(update);
    }

    private ObjectNode existingMessage(long chatId, int messageId) {
        ObjectNode user = state.chats.user(chatId, messageId);
        if (user != null) {
            user.remove("reply_to_message");
            return user;
        }
        TelegramChats.Stored bot = state.chats.bot(chatId, messageId);
        if (bot == null) {
            throw new IllegalArgumentException("No message " + messageId + " in chat " + chatId + " to reply to");
        }
        return TelegramWire.botMessage(bot, state.chats.wire(chatId), state.botUsername, null);
    }
}
