package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.ScoredIds;
import dev.chatbridge.core.conversation.AnsweredTurn;
import dev.chatbridge.core.conversation.ConversationStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link ConversationQueue} in memory, as the Redis one behaves: an event is marked seen in the
 * same {@link UpdateDeduplicator} that direct deliveries use, in the same step that queues it;
 * finishing items is fenced by the lock's token, saves the turn in the same step, removes the items
 * only while they are at the head, and releases the lock when nothing else waits; conversations with
 * work wait in the order they were last served.
 */
public final class InMemoryConversationQueue implements ConversationQueue {

    private final UpdateDeduplicator seen;
    private final InMemoryConversationLock lock;
    private final ConversationStore store;
    private final Map<String, Deque<String>> queues = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final List<String> dead = new ArrayList<>();
    /** Conversations with items, by when they were last served: a sequence number here, a timestamp in Redis. */
    private final ScoredIds waiting = new ScoredIds();

    private long served;

    public InMemoryConversationQueue(UpdateDeduplicator seen, InMemoryConversationLock lock, ConversationStore store) {
        this.seen = seen;
        this.lock = lock;
        this.store = store;
    }

    @Override
    public synchronized boolean enqueueIfNew(String conversationId, String platform, String eventId, String item) {
        if (!seen.firstDelivery(platform, eventId)) {
            return false;
        }
        queues.computeIfAbsent(conversationId, id -> new ArrayDeque<>()).addLast(item);
        waiting.putIfAbsent(conversationId, ++served);
        return true;
    }

    @Override
    public synchronized Optional<String> head(String conversationId) {
        return Optional.ofNullable(queue(conversationId).peekFirst());
    }

    @Override
    public synchronized List<String> first(String conversationId, int count) {
        return queue(conversationId).stream().limit(count).toList();
    }

    @Override
    public synchronized int beginAttempt(String conversationId, String item) {
        return attempts.merge(conversationId + "\n" + item, 1, Integer::sum);
    }

    @Override
    public synchronized void withdrawAttempt(String conversationId, String item) {
        attempts.merge(conversationId + "\n" + item, -1, Integer::sum);
    }

    @Override
    public synchronized Completion complete(
            String conversationId, List<String> items, String lockToken, @Nullable AnsweredTurn turn) {
        if (!lock.holds(conversationId, lockToken)) {
            return new Completion(false, false);
        }
        if (turn != null) {
            store.appendPair(turn.key(), turn.droppedTurns(), turn.question(), turn.answer());
        }
        return remove(conversationId, items);
    }

    @Override
    public synchronized Completion deadLetter(
            String conversationId, List<String> items, String lockToken, String reason) {
        if (!lock.holds(conversationId, lockToken)) {
            return new Completion(false, false);
        }
        dead.addAll(items);
        return remove(conversationId, items);
    }

    @Override
    public synchronized long deadLetters() {
        return dead.size();
    }

    /** The dead letters, oldest first. */
    public synchronized List<String> dead() {
        return List.copyOf(dead);
    }

    private Completion remove(String conversationId, List<String> items) {
        Deque<String> queue = queue(conversationId);
        for (String item : items) {
            if (item.equals(queue.peekFirst())) {
                queue.removeFirst();
            }
            attempts.remove(conversationId + "\n" + item);
        }
        if (queue.isEmpty()) {
            queues.remove(conversationId);
            waiting.remove(conversationId);
            lock.release(conversationId);
            return new Completion(true, false);
        }
        waiting.put(conversationId, ++served);
        return new Completion(true, true);
    }

    @Override
    public synchronized List<String> waiting(int limit) {
        return waiting.upTo(Long.MAX_VALUE, limit);
    }

    @Override
    public synchronized void forgetIfEmpty(String conversationId) {
        if (queue(conversationId).isEmpty()) {
            waiting.remove(conversationId);
        }
    }

    private Deque<String> queue(String conversationId) {
        return queues.getOrDefault(conversationId, new ArrayDeque<>());
    }
}
