package dev.chatbridge.core.delivery;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * In-process pacing: used by tests, by the shared pacing for the chats this replica alone speaks in (the
 * conversation whose lock it holds), and while Redis is unreachable.
 */
public final class LocalChatPacer implements ChatPacer {

    private final ConcurrentMap<String, Long> nextAllowedNanos = new ConcurrentHashMap<>();

    @Override
    public void awaitTurn(String chatKey, Duration interval) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long[] waitNanos = {0};
            nextAllowedNanos.compute(chatKey, (key, next) -> {
                if (next == null || next - now <= 0) {
                    waitNanos[0] = 0;
                    return now + interval.toNanos();
                }
                waitNanos[0] = next - now;
                return next;
            });
            if (waitNanos[0] == 0) {
                return;
            }
            Thread.sleep(Duration.ofNanos(waitNanos[0]));
        }
    }

    /** How long a call to this chat must still wait; zero when it may go now. */
    public Duration untilNext(String chatKey) {
        Long next = nextAllowedNanos.get(chatKey);
        long wait = next == null ? 0 : next - System.nanoTime();
        return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
    }

    @Override
    public void holdOff(String chatKey, Duration retryAfter) {
        long until = System.nanoTime() + retryAfter.toNanos();
        nextAllowedNanos.merge(chatKey, until, Math::max);
    }
}
