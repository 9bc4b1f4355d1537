package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.chat.TurnSaver;
import dev.chatbridge.core.conversation.AnsweredTurn;
import dev.chatbridge.core.conversation.ConversationStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
        private volatile ConversationQueue.@Nullable Completion completion;

        private Holding(String token, List<String> items) {
            this.token = token;
            this.items = List.copyOf(items);
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

    /** The drainer is about to answer {@code items} of {@code conversationId} under {@code token}. */
    Holding begin(String conversationId, String token, List<String> items) {
        Holding holding = new Holding(token, items);
        held.put(conversationId, holding);
        return holding;
    }

    void end(String conversationId, Holding holding) {
        held.remove(conversationId, holding);
    }

    @Override
    public boolean save(AnsweredTurn turn) {
        String conversationId = turn.key().id();
        Holding holding = held.get(conversationId);
        if (holding == null) {
            store.appendPair(turn.key(), turn.droppedTurns(), turn.question(), turn.answer());
            return true;
        }
        if (holding.completion != null) {
            log.warn("A second turn for the same messages in {} was not saved", conversationId);
            return false;
        }
        ConversationQueue.Completion completion = queue.complete(conversationId, holding.items, holding.token, turn);
        holding.completion = completion;
        return completion.held();
    }
}
