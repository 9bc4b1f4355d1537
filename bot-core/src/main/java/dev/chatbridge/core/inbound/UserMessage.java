package dev.chatbridge.core.inbound;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message addressed to the bot, already translated from the platform's event by an adapter
 * (which also decided that it was addressed to the bot and stripped the mention).
 */
public record UserMessage(
        String platform,
        String eventId,
        String chatId,
        ChatKind chatKind,
        String userId,
        String userName,
        @Nullable String languageCode,
        String text) {

    public enum ChatKind {
        PRIVATE,
        GROUP,
        /** A thread the bot opened for one conversation: everyone in it shares that conversation. */
        THREAD
    }

    public UserMessage {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(chatKind, "chatKind");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(text, "text");
    }

    /** Other people can read along (a group, or a thread in one). */
    public boolean inGroup() {
        return chatKind != ChatKind.PRIVATE;
    }
}
