package dev.chatbridge.testsupport.common;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition; the fakes run on their own threads, so tests wait instead of sleeping. */
public final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {}

    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(
                        "Timed out after " + timeout.toMillis() + " ms waiting for " + description.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + description.get(), e);
            }
        }
    }
}
