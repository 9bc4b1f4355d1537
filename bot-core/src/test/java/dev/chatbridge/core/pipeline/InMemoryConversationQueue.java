package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.ScoredIds;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ConversationQueue} in memory, as the Redis one behaves: an event is marked seen in the
 * same {@link UpdateDeduplicator} that direct deliveries use, in the same step that queues it;
 * {@code complete} removes an item only while it is the head; conversations with work wait in the
 * order they were last served.
 */
public final class InMemoryConversationQueue implements ConversationQueue {

    private final UpdateDeduplicator seen;
    private final Map<String, Deque<String>> queues = new HashMap<>();
    /** Conversations with items, by when they were last served: a sequence number here, a timestamp in Redis. */
    private final ScoredIds waiting = new ScoredIds();

    private long served;

    public InMemoryConversationQueue(UpdateDeduplicator seen) {
        this.seen = seen;
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
    public synchronized boolean complete(String conversationId, String item) {
        Deque<String> queue = queue(conversationId);
        if (item.equals(queue.peekFirst())) {
            queue.removeFirst();
        }
        if (queue.isEmpty()) {
            queues.remove(conversationId);
            waiting.remove(conversationId);
            return false;
        }
        waiting.put(conversationId, ++served);
        return true;
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
