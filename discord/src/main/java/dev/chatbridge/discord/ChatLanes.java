package dev.chatbridge.discord;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the blocking part of an event runs (handing it to the core, which talks to Redis; starting a thread): on
 * virtual threads, one lane per channel. Work in a lane runs in the order it was handed over, so two messages in one
 * channel reach the core's queue in arrival order, while a slow Redis in one channel never holds up another
 * channel, nor JDA's event thread, which must stay free to acknowledge interactions within Discord's 3 s.
 */
final class ChatLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatLanes.class);
    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("discord-lane-", 0).factory());
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Runs {@code work} after everything handed to the same lane before it. */
    void run(String lane, Runnable work) {
        CompletableFuture<Void> next = tails.compute(
                lane, (key, tail) -> (tail == null ? IDLE : tail).thenRunAsync(() -> guarded(work), executor));
        next.whenComplete((ignored, failure) -> {
            tails.remove(lane, next); // an idle lane holds nothing
            if (failure != null) {
                log.warn("Discord event work in {} not run: {}", lane, failure.toString());
            }
        });
    }

    private static void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("Handling a Discord event failed", e);
        }
    }

    /** Waits up to {@code timeout} for the work handed over so far (a stopping bot hands its events to the core). */
    void drain(Duration timeout) throws InterruptedException {
        CompletableFuture<?>[] pending = tails.values().toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(pending).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // logged where it failed
        } catch (TimeoutException e) {
            log.warn("Discord event work still running after {}", timeout);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
