package dev.chatbridge.core.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * Accepted but unanswered messages, one queue per conversation in arrival order, shared by every
 * replica. An item stays at the head while it is being answered and is removed only when the answer
 * is done, so if its replica dies or hands it off, whoever takes the conversation's
 * {@link ConversationLock} next answers it. The queue also knows which conversations have work
 * waiting, oldest first, for the replicas' sweep.
 *
 * <p>Arrival order is the platform's order: Telegram and Discord deliver one chat's updates in
 * order, and adapters acknowledge an update only after {@link #enqueueIfNew} returned.
 */
public interface ConversationQueue {

    /**
     * Marks the platform's event as seen and appends the item in one step, so a crash between the
     * two can neither lose the message nor answer it twice; false (and nothing queued) when the
     * event was seen before. Once this returns, the item survives this process.
     */
    boolean enqueueIfNew(String conversationId, String platform, String eventId, String item);

    /** The oldest unanswered item. */
    Optional<String> head(String conversationId);

    /** The oldest {@code count} unanswered items, oldest first. */
    List<String> first(String conversationId, int count);

    /** Removes {@code item}, which was the head, once it has been answered; true while more items wait. */
    boolean complete(String conversationId, String item);

    /** Conversations with items waiting, the longest-waiting first. */
    List<String> waiting(int limit);

    /** Forgets a conversation listed as waiting whose queue has expired. */
    void forgetIfEmpty(String conversationId);
}
