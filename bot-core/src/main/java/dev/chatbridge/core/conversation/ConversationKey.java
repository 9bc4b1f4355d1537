package dev.chatbridge.core.conversation;

import java.util.Objects;

/**
 * Identifies one conversation context: a chat on a platform, and the user whose context it is,
 * or {@link #SHARED} when everyone in a group shares one context.
 */
public record ConversationKey(String platform, String chatId, String userId) {

    public static final String SHARED = "*";

    public ConversationKey {
        requireToken(platform, "platform");
        requireToken(chatId, "chatId");
        requireToken(userId, "userId");
    }

    /** The same conversation in a chat that moved to a new id. */
    public ConversationKey inChat(String newChatId) {
        return new ConversationKey(platform, newChatId, userId);
    }

    /** Stable, readable id used to build Redis keys and lock names. */
    public String id() {
        return platform + ":" + chatId + ":" + userId;
    }

    private static void requireToken(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.contains(":")) {
            throw new IllegalArgumentException(name + " must be non-blank and free of ':' but was '" + value + "'");
        }
    }
}
