package dev.chatbridge.core.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ConversationLock} in memory: exclusive per conversation, among threads here as among
 * replicas sharing this object. There is no lease: nothing crashes in a unit test, so a lock is
 * held until its handle is closed, the queue releases it, or a test {@link #steal}s it.
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

    /** Whether {@code token} holds the conversation's lock. */
    boolean holds(String conversationId, String token) {
        Handle holder = holders.get(conversationId);
        return holder != null && holder.token.equals(token);
    }

    /** Released by the queue when nothing more waits. */
    void release(String conversationId) {
        holders.remove(conversationId);
    }

    /** Takes the lock away from its holder, as another replica does after a stall past the lease. */
    public void steal(String conversationId) {
        Handle holder = holders.remove(conversationId);
        if (holder != null) {
            holder.lose();
        }
    }

    /** Releases only its own hold, as the Redis lock compares its token. */
    private final class Handle implements Held {
        private final String conversationId;
        private final String token = UUID.randomUUID().toString();
        private final List<Runnable> onLost = new CopyOnWriteArrayList<>();
        private volatile boolean lost;

        private Handle(String conversationId) {
            this.conversationId = conversationId;
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public boolean lost() {
            return lost;
        }

        @Override
        public void onLost(Runnable action) {
            onLost.add(action);
            if (lost && onLost.remove(action)) {
                action.run();
            }
        }

        private void lose() {
            lost = true;
            for (Runnable action : onLost) {
                if (onLost.remove(action)) {
                    action.run();
                }
            }
        }

        @Override
        public void close() {
            holders.remove(conversationId, this);
        }
    }
}
