package dev.chatbridge.core.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * A per-conversation lock shared by the replicas, so two of them never answer the same
 * conversation at once. Its lease is short and renewed while held, so a crashed holder frees it
 * within seconds and the conversation's queued messages go to another replica. A holder that
 * could not renew in time has lost the lock: its token no longer fences its writes
 * ({@link ConversationQueue#complete}) and it must stop answering.
 */
public interface ConversationLock extends AutoCloseable {

    /**
     * Takes the lock if nobody holds it. The returned handle keeps the lease renewed until it is
     * closed; empty when another replica (or another thread here) holds it.
     */
    Optional<Held> tryAcquire(String conversationId);

    /** Of these conversations, those whose lock nobody holds. */
    List<String> unheld(List<String> conversationIds);

    /** Whether any replica holds this conversation's lock now. */
    default boolean isHeld(String conversationId) {
        return unheld(List.of(conversationId)).isEmpty();
    }

    /** Stops renewing; held locks then run out by themselves. */
    @Override
    void close();

    /** A held lock; closing releases it (if it is still ours). */
    interface Held extends AutoCloseable {

        /** The fencing token: writes made under the lock carry it, and storage refuses them once it changed. */
        String token();

        /** Whether the lease was lost: taken by another replica, or not renewed before it ran out. */
        boolean lost();

        /** Runs {@code action} once, on a renewal thread, when the lease is lost (at once if it already is). */
        void onLost(Runnable action);

        /**
         * The step that finished the conversation's last item let go of the lock already
         * ({@link ConversationQueue.Completion#more} false): closing then only stops the renewal.
         */
        default void released() {}

        @Override
        void close();
    }
}
