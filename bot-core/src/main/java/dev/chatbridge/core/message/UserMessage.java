package dev.chatbridge.core.message;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message addressed to the bot, already translated from the platform's event by an adapter
 * (which also decided that it was addressed to the bot and stripped the mention). Attachments
 * (photos, image files, or the photo a message replies to) are fetched only when answering.
 */
public record UserMessage(
        String platform,
        String eventId,
        String chatId,
        ChatKind chatKind,
        String userId,
        String userName,
        @Nullable String languageCode,
        String text,
        List<Attachment> attachments,
        List<String> places)
        implements InboundEvent {

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
        attachments = List.copyOf(attachments);
        places = List.copyOf(places);
    }

    /** A message whose only place is its chat (see {@link InboundEvent#places}). */
    public UserMessage(
            String platform,
            String eventId,
            String chatId,
            ChatKind chatKind,
            String userId,
            String userName,
            @Nullable String languageCode,
            String text,
            List<Attachment> attachments) {
        this(platform, eventId, chatId, chatKind, userId, userName, languageCode, text, attachments, List.of(chatId));
    }

    /** A text-only message. */
    public UserMessage(
            String platform,
            String eventId,
            String chatId,
            ChatKind chatKind,
            String userId,
            String userName,
            @Nullable String languageCode,
            String text) {
        this(platform, eventId, chatId, chatKind, userId, userName, languageCode, text, List.of(), List.of(chatId));
    }

    public UserMessage withAttachments(List<Attachment> more) {
        return new UserMessage(platform, eventId, chatId, chatKind, userId, userName, languageCode, text, more, places);
    }

    /** Other people can read along (a group, or a thread in one). */
    public boolean inGroup() {
        return chatKind != ChatKind.PRIVATE;
    }

    /** The question with the text it replies to quoted above it, as both platforms show a reply. */
    public static String quoting(@Nullable String quoted, String text) {
        if (quoted == null || quoted.isBlank()) {
            return text;
        }
        String quote = "> " + quoted.strip().replace("\n", "\n> ");
        return text.isBlank() ? quote : quote + "\n\n" + text;
    }
}
