package dev.chatbridge.core.message;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message addressed to the bot that it cannot read (a sticker, a location, a poll, a contact...).
 * The adapter sends it only where silence would leave the user guessing (a private chat, or a group
 * message addressed to the bot); the core answers with a short note of what it can read.
 *
 * @param kind what the platform called it ({@code sticker}, {@code location}), for logs and metrics
 */
public record UnsupportedMessage(
        String platform,
        String eventId,
        String chatId,
        String userId,
        @Nullable String languageCode,
        String kind) implements InboundEvent {

    public UnsupportedMessage {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
    }

    /** Only its chat: the adapters send it where the user can be told, and the chat decides who may be. */
    @Override
    public List<String> places() {
        return List.of(chatId);
    }
}
