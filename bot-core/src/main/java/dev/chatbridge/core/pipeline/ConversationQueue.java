package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.conversation.AnsweredTurn;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.quota.TokenCharge;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Accepted but unanswered messages, one queue per conversation in arrival order, shared by every
 * replica. An item stays at the head while it is being answered and is removed only when the answer
 * is done, so if its replica dies or hands it off, whoever takes the conversation's
 * {@link ConversationLock} next answers it. The queue also knows which conversations have work
 * waiting, oldest first, for the replicas' sweep.
 *
 * <p>Arrival order is the platform's order: Telegram and Discord deliver one chat's updates in
 * order, and adapters acknowledge an update only after {@link #enqueueIfNew} returned.
 *
 * <p>Finishing an item is fenced by the lock's token: a replica that lost the lock (it stalled past
 * its lease and another took over) can neither remove the item nor save its answer, so a message is
 * answered into the context exactly once.
 */
public interface ConversationQueue {

    /**
     * Marks the platform's event as seen and appends the item in one step, so a crash between the
     * two can neither lose the message nor answer it twice; false (and nothing queued) when the
     * event was seen before. Once this returns, the item survives this process.
     */
    boolean enqueueIfNew(String conversationId, String platform, String eventId, String item);

    /**
     * {@link #enqueueIfNew} with the access lists' verdict before it and, when {@code takeLock}, the conversation's
     * lock after it, all in one step: the hot path of a message costs one round trip. When the lock is taken, the
     * admission carries it with the head item and the attempt counted for it ({@link #beginAttempt}); with
     * {@code pacing}, the chat is also leased to this replica for the answer, so its calls are paced here (the
     * caller passes it only for a chat with no other conversation). A refused or repeated message is marked seen
     * and not queued. Empty when this storage cannot do it in one step: the caller then takes the steps one by one.
     */
    default Optional<Admission> admit(
            String conversationId,
            String platform,
            String eventId,
            String item,
            AccessQuery access,
            boolean takeLock,
            @Nullable Pacing pacing) {
        return Optional.empty();
    }

    /** The operator's part of the access decision, known without storage; the lists' part is read in the step. */
    record AccessQuery(String userId, boolean admin, boolean open) {}

    /** The chat to lease and its call interval. */
    record Pacing(String chatKey, Duration interval) {}

    /**
     * What {@link #admit} did; {@code lock}, {@code head}, {@code attempt} and the user's {@code settings} (read in
     * the same step, for the answer's language) only when it took the lock.
     */
    record Admission(
            Outcome outcome,
            ConversationLock.@Nullable Held lock,
            @Nullable String head,
            int attempt,
            @Nullable UserSettings settings) {

        public enum Outcome {
            QUEUED,
            REPEATED,
            BLOCKED,
            NOT_ON_ALLOWLIST
        }
    }

    /** The oldest unanswered item. */
    Optional<String> head(String conversationId);

    /** The oldest {@code count} unanswered items, oldest first. */
    List<String> first(String conversationId, int count);

    /**
     * Counts an attempt at answering the item at the head, before it starts, so that a message whose
     * answer keeps crashing (the process, or the answer) is recognised on any replica; returns the
     * attempt's number, 1 for the first.
     */
    int beginAttempt(String conversationId, String item);

    /** Takes back an attempt that was handed to another replica unfinished (a graceful stop is no failure). */
    void withdrawAttempt(String conversationId, String item);

    /**
     * Finishes the answered {@code items} (at the head, in order): appends {@code turn} to the
     * conversation's context when there is one, removes the items, and, when nothing else waits,
     * releases the conversation's lock; all in one step, and only while {@code lockToken} holds
     * the lock.
     */
    Completion complete(String conversationId, List<String> items, String lockToken, @Nullable AnsweredTurn turn);

    /**
     * As {@link #complete}, and, while the lock is still ours, charges the answer's tokens in the same step where
     * this storage can ({@link Completion#charged}); otherwise the caller charges them.
     */
    default Completion complete(
            String conversationId, List<String> items, String lockToken, AnsweredTurn turn, TokenCharge charge) {
        return complete(conversationId, items, lockToken, turn);
    }

    /**
     * Gives up on {@code items} that could not be answered: moves them to the dead letters (kept
     * for a week, see {@link #deadLetters}) and removes them, fenced like {@link #complete}.
     */
    Completion deadLetter(String conversationId, List<String> items, String lockToken, String reason);

    /** How many messages are in the dead letters now. */
    long deadLetters();

    /** Conversations with items waiting, the longest-waiting first. */
    List<String> waiting(int limit);

    /** Forgets a conversation listed as waiting whose queue has expired. */
    void forgetIfEmpty(String conversationId);

    /**
     * What finishing did: {@code held} false when the lock was no longer this replica's (nothing was
     * written); {@code more} whether more items wait (then the lock is still held); {@code charged} whether the
     * tokens given to it were charged.
     */
    record Completion(boolean held, boolean more, boolean charged) {

        public Completion(boolean held, boolean more) {
            this(held, more, false);
        }
    }
}
