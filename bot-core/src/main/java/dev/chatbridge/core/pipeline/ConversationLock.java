package dev.chatbridge.core.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * A per-conversation lock shared by the replicas, so two of them never answer the same
 * conversation at once. Its lease is short and renewed while held, so a crashed holder frees it
 * quickly and the conversation's queued messages go to another replica.
 */
public interface ConversationLock extends AutoCloseable {

    /**
     * Takes the lock if nobody holds it. The returned handle keeps the lease renewed until it is
     * closed; empty when another replica (or another thread here) holds it.
     */
    Optional<Held> tryAcquire(String conversationId);

    /** Of these conversations, those whose lock nobody holds. */
    List<String> unheld(List<String> conversationIds);

    /** Stops renewing; held locks then run out by themselves. */
    @Override
    void close();

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
