package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.chat.TurnSaver;
import dev.chatbridge.core.conversation.AnsweredTurn;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.quota.TokenCharge;
import dev.chatbridge.core.storage.StorageUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves answered turns for the conversation pipeline. While a replica answers queued messages under
 * the conversation's lock, the answer's pair is saved in the same step as the messages leave the
 * queue, fenced by the lock's token ({@link ConversationQueue#complete}), so a replica that lost the
 * lock saves nothing and the message is answered into the context exactly once. Outside the
 * pipeline (nothing held for the conversation), pairs go straight to the store.
 */
public final class QueuedTurns implements TurnSaver {

    private static final Logger log = LoggerFactory.getLogger(QueuedTurns.class);

    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long MOST_PAUSE_MILLIS = 500;

    private final ConversationQueue queue;
    private final ConversationStore store;
    private final Map<String, Holding> held = new ConcurrentHashMap<>();

    public QueuedTurns(ConversationQueue queue, ConversationStore store) {
        this.queue = queue;
        this.store = store;
    }

    /** Queue items being answered under the lock's token, and how they were finished, if they were. */
    static final class Holding {
        private final String token;
        private final List<String> items;
        private final BooleanSupplier lost;
        private volatile ConversationQueue.@Nullable Completion completion;

        private Holding(String token, List<String> items, BooleanSupplier lost) {
            this.token = token;
            this.items = List.copyOf(items);
            this.lost = lost;
        }

        String token() {
            return token;
        }

        List<String> items() {
            return items;
        }

        /** How the items were finished together with a saved turn; null when no turn was saved. */
        ConversationQueue.@Nullable Completion completion() {
            return completion;
        }
    }

    /**
     * The drainer is about to answer {@code items} of {@code conversationId} under {@code token}, until
     * {@code lost} says the lock is gone.
     */
    Holding begin(String conversationId, String token, List<String> items, BooleanSupplier lost) {
        Holding holding = new Holding(token, items, lost);
        held.put(conversationId, holding);
        return holding;
    }

    void end(String conversationId, Holding holding) {
        held.remove(conversationId, holding);
    }

    @Override
    public boolean save(AnsweredTurn turn) {
        return save(turn, null).kept();
    }

    @Override
    public Saved save(AnsweredTurn turn, @Nullable TokenCharge charge) {
        String conversationId = turn.key().id();
        Holding holding = held.get(conversationId);
        if (holding == null) {
            store.appendPair(turn.key(), turn.droppedTurns(), turn.question(), turn.answer());
            return new Saved(true, false);
        }
        if (holding.completion != null) {
            log.warn("A second turn for the same messages in {} was not saved", conversationId);
            return new Saved(false, false);
        }
        ConversationQueue.Completion completion = whileHeld(
                () -> charge == null
                        ? queue.complete(conversationId, holding.items, holding.token, turn)
                        : queue.complete(conversationId, holding.items, holding.token, turn, charge),
                holding.lost);
        holding.completion = completion;
        return new Saved(completion.held(), completion.charged());
    }

    /**
     * Runs a step that finishes queue items, again and again while storage is unavailable and the lock
     * is still ours. The answer has reached the user by then: given up, the items would stay queued and
     * be answered a second time once storage is back. While the lease lasts, no other replica can take
     * the conversation, so waiting for storage is safe; once the lock is lost, its new holder answers.
     */
    static ConversationQueue.Completion whileHeld(Supplier<ConversationQueue.Completion> step, BooleanSupplier lost) {
        long pauseMillis = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                return step.get();
            } catch (StorageUnavailableException e) {
                if (lost.getAsBoolean()) {
                    throw e;
                }
                log.warn("Storage unavailable while finishing an answered message; trying again: {}", e.getMessage());
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(pauseMillis * 2, MOST_PAUSE_MILLIS);
            }
        }
    }
}
