package dev.chatbridge.telegram;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * A Telegram chat, or one topic of a forum supergroup. Each topic is its own conversation, so the core's
 * chat id names the topic ({@code -100123/42}) and travels in stored addresses, letting any replica answer
 * into it. The General topic has no thread id (Telegram refuses {@code message_thread_id=1}), so it stays
 * the group's own conversation.
 */
record TelegramPlace(long chatId, @Nullable Integer threadId) {

    private static final char TOPIC = '/';

    /** Where a message was written: its topic only when it is a forum topic message (not a reply thread). */
    static TelegramPlace of(Message message) {
        boolean topic = Boolean.TRUE.equals(message.getIsTopicMessage()) && message.getMessageThreadId() != null;
        return new TelegramPlace(message.getChatId(), topic ? message.getMessageThreadId() : null);
    }

    /** Where a button sits: an inaccessible (old) message no longer tells its topic, so it counts as the chat. */
    static TelegramPlace of(MaybeInaccessibleMessage message) {
        return message instanceof Message accessible ? of(accessible) : new TelegramPlace(message.getChatId(), null);
    }

    /** The core's chat id back: {@code chat} or {@code chat/thread}. */
    static TelegramPlace parse(String coreId) {
        int slash = coreId.indexOf(TOPIC);
        return slash < 0
                ? new TelegramPlace(Long.parseLong(coreId), null)
                : new TelegramPlace(
                        Long.parseLong(coreId.substring(0, slash)), Integer.valueOf(coreId.substring(slash + 1)));
    }

    String coreId() {
        return threadId == null ? Long.toString(chatId) : Long.toString(chatId) + TOPIC + threadId;
    }
}
