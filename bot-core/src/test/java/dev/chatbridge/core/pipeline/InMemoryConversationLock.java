package dev.chatbridge.core.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConversationLock} in memory: exclusive per conversation, among threads here as among
 * replicas sharing this object. There is no lease: nothing crashes in a unit test, so a lock is
 * held until its handle is closed.
 */
public final class InMemoryConversationLock implements ConversationLock {

    private final Map<String, Handle> holders = new ConcurrentHashMap<>();

    @Override
    public Optional<Held> tryAcquire(String conversationId) {
        Handle handle = new Handle(conversationId);
        return holders.putIfAbsent(conversationId, handle) == null ? Optional.of(handle) : Optional.empty();
    }

    @Override
    public List<String> unheld(List<String> conversationIds) {
        return conversationIds.stream().filter(id -> !holders.containsKey(id)).toList();
    }

    @Override
    public void close() {}

    /** Releases only its own hold, as the Redis lock compares its token. */
    private final class Handle implements Held {
        private final String conversationId;

        private Handle(String conversationId) {
            this.conversationId = conversationId;
        }

        @Override
        public void close() {
            holders.remove(conversationId, this);
        }
    }
}
