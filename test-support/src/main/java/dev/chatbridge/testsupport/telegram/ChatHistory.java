package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chats of the fake Telegram. User and bot messages share one id sequence per chat, as in a real private
 * chat, so replies and edits can be checked against the ids that exist.
 */
final class ChatHistory {
    private final Map<Long, Chat> chats = new HashMap<>();

    /** A bot message plus what its wire form needs besides {@link SentMessage}. */
    record Stored(SentMessage message, ArrayNode entities, long date, long editDate) {}

    private static final class Chat {
        int lastMessageId;

        @Nullable
        ObjectNode wire;

        final Map<Integer, Stored> botMessages = new LinkedHashMap<>();
        final Map<Integer, ObjectNode> userMessages = new HashMap<>();
        final List<SentDraft> drafts = new ArrayList<>();
    }

    private Chat chat(long chatId) {
        return chats.computeIfAbsent(chatId, id -> new Chat());
    }

    synchronized int lastUserMessageId(long chatId) {
        return chat(chatId).userMessages.keySet().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
    }

    synchronized int nextMessageId(long chatId) {
        return ++chat(chatId).lastMessageId;
    }

    /** Remembers how users' updates described the chat, so bot messages describe it the same way. */
    synchronized void describe(long chatId, ObjectNode wire) {
        chat(chatId).wire = wire.deepCopy();
    }

    synchronized ObjectNode wire(long chatId) {
        ObjectNode wire = chat(chatId).wire;
        if (wire != null) {
            return wire.deepCopy();
        }
        ObjectNode chat = Json.object();
        chat.put("id", chatId);
        chat.put("type", chatId > 0 ? "private" : "supergroup");
        if (chatId < 0) {
            chat.put("title", "Group " + chatId);
        }
        return chat;
    }

    synchronized void putBot(Stored stored) {
        SentMessage message = stored.message();
        chat(message.chatId()).botMessages.put(message.messageId(), stored);
    }

    synchronized @Nullable Stored bot(long chatId, int messageId) {
        return chat(chatId).botMessages.get(messageId);
    }

    synchronized void putUser(long chatId, int messageId, ObjectNode message) {
        Chat chat = chat(chatId);
        chat.userMessages.put(messageId, message.deepCopy());
        chat.lastMessageId = Math.max(chat.lastMessageId, messageId);
    }

    synchronized @Nullable ObjectNode user(long chatId, int messageId) {
        ObjectNode message = chat(chatId).userMessages.get(messageId);
        return message == null ? null : message.deepCopy();
    }

    synchronized boolean exists(long chatId, int messageId) {
        Chat chat = chat(chatId);
        return chat.botMessages.containsKey(messageId) || chat.userMessages.containsKey(messageId);
    }

    synchronized boolean delete(long chatId, int messageId) {
        Chat chat = chat(chatId);
        return chat.botMessages.remove(messageId) != null || chat.userMessages.remove(messageId) != null;
    }

    synchronized List<SentMessage> messages(long chatId) {
        Chat chat = chats.get(chatId);
        if (chat == null) {
            return List.of();
        }
        return chat.botMessages.values().stream().map(Stored::message).toList();
    }

    synchronized void addDraft(SentDraft draft) {
        chat(draft.chatId()).drafts.add(draft);
    }

    synchronized List<SentDraft> drafts(long chatId) {
        Chat chat = chats.get(chatId);
        return chat == null ? List.of() : List.copyOf(chat.drafts);
    }
}
