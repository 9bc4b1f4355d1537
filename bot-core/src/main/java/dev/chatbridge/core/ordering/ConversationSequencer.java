package dev.chatbridge.core.ordering;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the work of one conversation strictly in arrival order, one item at a time, while
 * different conversations run in parallel on virtual threads. Within this process a FIFO chain
 * per conversation keeps the order (a lock alone would let a later message overtake); the
 * Redis {@link ConversationLock} extends the mutual exclusion to other replicas.
 */
public final class ConversationSequencer {

    private static final Logger log = LoggerFactory.getLogger(ConversationSequencer.class);

    private final ConcurrentMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    public ConversationSequencer(ExecutorService executor) {
        this.executor = executor;
    }

    /** Queues work behind everything already queued for the same conversation. */
    public CompletableFuture<Void> submit(String conversationId, Runnable work) {
        CompletableFuture<Void>[] mine = new CompletableFuture[1];
        tails.compute(conversationId, (id, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            mine[0] = previous.handle((ignored, error) -> null).thenRunAsync(() -> runSafely(id, work), executor);
            return mine[0];
        });
        CompletableFuture<Void> future = mine[0];
        future.whenComplete((ignored, error) -> tails.remove(conversationId, future));
        return future;
    }

    private static void runSafely(String conversationId, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("Work for conversation {} failed", conversationId, e);
        }
    }
}
