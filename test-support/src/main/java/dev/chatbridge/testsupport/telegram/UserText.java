package dev.chatbridge.testsupport.telegram;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message a simulated user sends to the bot. Start with {@link #of} and adjust with the withers.
 *
 * @param replyToMessageId a message in the same chat (usually one of the bot's) this one replies to
 * @param languageCode the user's client language, e.g. {@code en} or {@code zh-hans}; null leaves it out
 * @param threadId the forum topic the message is written in (see {@link FakeTelegramBotApi#openForum}), null for
 *     General or a chat without topics
 */
public record UserText(
        long chatId,
        ChatType chatType,
        long userId,
        String firstName,
        @Nullable String username,
        @Nullable String languageCode,
        @Nullable Integer replyToMessageId,
        String text,
        @Nullable Integer threadId) {

    /** The chat kinds a user can write from; the wire name is {@link #wireName()}. */
    public enum ChatType {
        PRIVATE("private"),
        GROUP("group"),
        SUPERGROUP("supergroup");

        private final String wireName;

        ChatType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public UserText {
        Objects.requireNonNull(chatType, "chatType");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(text, "text");
        if (userId <= 0) {
            throw new IllegalArgumentException("Telegram user ids are positive: " + userId);
        }
        // Telegram's own rule: private chats have positive ids, groups negative ones.
        if ((chatType == ChatType.PRIVATE) != (chatId > 0)) {
            throw new IllegalArgumentException("A " + chatType.wireName() + " chat cannot have id " + chatId);
        }
    }

    /** A message from user {@code userId}: a private chat for a positive chat id, a supergroup for a negative one. */
    public static UserText of(long chatId, long userId, String text) {
        ChatType type = chatId > 0 ? ChatType.PRIVATE : ChatType.SUPERGROUP;
        return new UserText(chatId, type, userId, "User" + userId, null, "en", null, text, null);
    }

    public UserText withChatType(ChatType type) {
        return new UserText(chatId, type, userId, firstName, username, languageCode, replyToMessageId, text, threadId);
    }

    public UserText withFirstName(String name) {
        return new UserText(chatId, chatType, userId, name, username, languageCode, replyToMessageId, text, threadId);
    }

    public UserText withUsername(@Nullable String name) {
        return new UserText(chatId, chatType, userId, firstName, name, languageCode, replyToMessageId, text, threadId);
    }

    public UserText withLanguageCode(@Nullable String code) {
        return new UserText(chatId, chatType, userId, firstName, username, code, replyToMessageId, text, threadId);
    }

    public UserText replyingTo(int messageId) {
        return new UserText(chatId, chatType, userId, firstName, username, languageCode, messageId, text, threadId);
    }

    /** The message as written in a forum topic (the thread id of the topic's creation message). */
    public UserText inTopic(int topicThreadId) {
        return new UserText(
                chatId, chatType, userId, firstName, username, languageCode, replyToMessageId, text, topicThreadId);
    }

    public UserText withText(String newText) {
        return new UserText(
                chatId, chatType, userId, firstName, username, languageCode, replyToMessageId, newText, threadId);
    }
}
