package dev.chatbridge.core.imagine;

import java.time.Duration;
import java.util.Optional;

/**
 * The open asks of MODAL tasks, shared by the replicas: the ask by its task id, by its short ask id (what buttons and
 * forms carry) and by the message that asked (a Telegram reply names the message it answers). Entries are kept longer
 * than an ask is open, so that a late answer is told it came too late instead of going to the chat model.
 */
public interface ModalAsks {

    /** Saves the ask under its task id and its ask id, for {@code keep}. */
    void save(ModalAsk ask, Duration keep);

    Optional<ModalAsk> find(String taskId);

    /** The task of an ask id. */
    Optional<String> taskOf(String askId);

    /** Remembers that {@code messageId} in the chat asked for {@code taskId}'s answer. */
    void linkMessage(String platform, String chatId, String messageId, String taskId, Duration keep);

    /** The task whose ask is {@code messageId} in the chat, if that message asked. */
    Optional<String> taskOfMessage(String platform, String chatId, String messageId);

    /** True for the first answer (or cancel) of the task's ask, on any replica. */
    boolean claim(String taskId, Duration keep);

    /** Lets the ask be answered again (the proxy refused the answer). */
    void release(String taskId);

    /** Kept in this process only: for a single instance without shared storage, and for tests. */
    static ModalAsks inMemory() {
        return new UnsharedModalAsks();
    }
}
