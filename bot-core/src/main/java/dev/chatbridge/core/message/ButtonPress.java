package dev.chatbridge.core.message;

import java.util.List;
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
        String messageId,
        List<String> places)
        implements InboundEvent {

    public ButtonPress {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(messageId, "messageId");
        places = List.copyOf(places);
    }

    /** A press whose only place is its chat (see {@link InboundEvent#places}). */
    public ButtonPress(
            String platform,
            String eventId,
            String chatId,
            String userId,
            @Nullable String languageCode,
            String key,
            String messageId) {
        this(platform, eventId, chatId, userId, languageCode, key, messageId, List.of(chatId));
    }
}
