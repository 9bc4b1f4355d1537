package dev.chatbridge.core.message;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A user pressed a button the bot posted; {@code key} is the short key the button carried. */
public record ButtonPress(
        String platform,
        String eventId,
        String chatId,
        String userId,
        @Nullable String languageCode,
        String key,
        String messageId)
        implements InboundEvent {

    public ButtonPress {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(messageId, "messageId");
    }
}
