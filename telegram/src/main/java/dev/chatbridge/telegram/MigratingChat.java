package dev.chatbridge.telegram;

import dev.chatbridge.core.delivery.MessageRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The id a channel writes to, which changes once if the group becomes a supergroup: Telegram then
 * answers every call to the old id with 400 and {@code parameters.migrate_to_chat_id}, and the old id
 * stays dead. Calls are made again at the new id, and the move is reported so that the conversation
 * follows. Messages already sent stay in the old group, where they cannot be edited; this remembers
 * where each message went and which were shown anew in the supergroup.
 */
final class MigratingChat {

    private static final Logger log = LoggerFactory.getLogger(MigratingChat.class);

    /** Told when a group turns out to have become a supergroup: (old id, new id). */
    @FunctionalInterface
    interface Migrations {
        void migrated(long fromChatId, long toChatId);
    }

    /** A call to the chat with this id. */
    @FunctionalInterface
    interface Call<T> {
        T run(long chatId) throws TelegramApiException;
    }

    private final Migrations migrations;
    private volatile long id;
    /** The chat each message sent through this channel went to. */
    private final Map<String, Long> sentIn = new ConcurrentHashMap<>();
    /** Messages of the old group shown anew in the supergroup: old id to the new message. */
    private final Map<String, MessageRef> resent = new ConcurrentHashMap<>();

    MigratingChat(long id, Migrations migrations) {
        this.id = id;
        this.migrations = migrations;
    }

    long id() {
        return id;
    }

    /** Runs a call to the chat; if the group became a supergroup, follows it and runs the call there. */
    <T> T call(Call<T> call) throws TelegramApiException {
        long current = id;
        try {
            return call.run(current);
        } catch (TelegramApiException e) {
            if (!followed(e, current)) {
                throw e;
            }
            return call.run(id);
        }
    }

    /** Whether {@code error} says that {@code calledChat} became a supergroup; if so, writes there from now on. */
    boolean followed(TelegramApiException error, long calledChat) {
        if (!(error instanceof TelegramApiRequestException request)
                || request.getParameters() == null
                || request.getParameters().getMigrateToChatId() == null) {
            return false;
        }
        long newId = request.getParameters().getMigrateToChatId();
        if (newId == calledChat) {
            return false;
        }
        synchronized (this) {
            if (id == calledChat) {
                id = newId;
                log.info("Telegram group {} became supergroup {}; answering there", calledChat, newId);
                migrations.migrated(calledChat, newId);
            }
        }
        return true;
    }

    MessageRef sent(Message message) {
        MessageRef ref = new MessageRef(Integer.toString(message.getMessageId()));
        sentIn.put(ref.id(), message.getChatId());
        return ref;
    }

    /** The message that shows {@code message} now: itself, or its copy in the supergroup. */
    MessageRef current(MessageRef message) {
        return resent.getOrDefault(message.id(), message);
    }

    /** Whether the message was sent in the group before it became a supergroup (it can no longer be edited). */
    boolean leftBehind(MessageRef message) {
        return sentIn.getOrDefault(message.id(), id) != id;
    }

    /** {@code message} of the old group is shown as {@code copy} in the supergroup from now on. */
    void resent(MessageRef message, MessageRef copy) {
        resent.put(message.id(), copy);
    }
}
