package dev.chatbridge.core.message;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message that may answer a question the bot asked: a reply to one of the bot's messages (Telegram), or a submitted
 * form (Discord's modal). {@code target} names what it answers: {@link #toMessage} for a reply, or the form's id. When
 * the core finds no question behind it (a reply to an ordinary answer), a reply is handled as the message it also is.
 */
public record PromptReply(UserMessage message, String target) implements InboundEvent {

    private static final String REPLY = "reply:";

    public PromptReply {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(target, "target");
    }

    /** The target of a reply to the bot's message {@code messageId}. */
    public static String toMessage(String messageId) {
        return REPLY + messageId;
    }

    /** The message replied to, or null when this answers a form. */
    public @Nullable String repliedMessageId() {
        return target.startsWith(REPLY) ? target.substring(REPLY.length()) : null;
    }

    @Override
    public String platform() {
        return message.platform();
    }

    @Override
    public String eventId() {
        return message.eventId();
    }

    @Override
    public String userId() {
        return message.userId();
    }

    @Override
    public List<String> places() {
        return message.places();
    }

    @Override
    public @Nullable String languageCode() {
        return message.languageCode();
    }
}
