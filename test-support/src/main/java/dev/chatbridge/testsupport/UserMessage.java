package dev.chatbridge.testsupport;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message a simulated user sends to the bot. Start with {@link #of} and adjust with the withers.
 *
 * @param replyToMessageId a message in the same chat (usually one of the bot's) this one replies to
 * @param languageCode the user's client language, e.g. {@code en} or {@code zh-hans}; null leaves it out
 */
public record UserMessage(
        long chatId,
        ChatType chatType,
        long userId,
        String firstName,
        @Nullable String username,
        @Nullable String languageCode,
        @Nullable Integer replyToMessageId,
        String text) {

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

    public UserMessage {
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
    public static UserMessage of(long chatId, long userId, String text) {
        ChatType type = chatId > 0 ? ChatType.PRIVATE : ChatType.SUPERGROUP;
        return new UserMessage(chatId, type, userId, "User" + userId, null, "en", null, text);
    }

    public UserMessage withChatType(ChatType type) {
        return new UserMessage(chatId, type, userId, firstName, username, languageCode, replyToMessageId, text);
    }

    public UserMessage withFirstName(String name) {
        return new UserMessage(chatId, chatType, userId, name, username, languageCode, replyToMessageId, text);
    }

    public UserMessage withUsername(@Nullable String name) {
        return new UserMessage(chatId, chatType, userId, firstName, name, languageCode, replyToMessageId, text);
    }

    public UserMessage withLanguageCode(@Nullable String code) {
        return new UserMessage(chatId, chatType, userId, firstName, username, code, replyToMessageId, text);
    }

    public UserMessage replyingTo(int messageId) {
        return new UserMessage(chatId, chatType, userId, firstName, username, languageCode, messageId, text);
    }

    public UserMessage withText(String newText) {
        return new UserMessage(chatId, chatType, userId, firstName, username, languageCode, replyToMessageId, newText);
    }
}
