package dev.chatbridge.core.delivery;

import java.time.Duration;

/**
 * Spaces the calls that change messages in one chat, so the bot never trips a platform's flood
 * limit, and makes every caller wait out a 429's retry-after.
 */
public interface ChatPacer {

    /** Blocks until a call to this chat is allowed, and claims the slot. */
    void awaitTurn(String chatKey, Duration interval) throws InterruptedException;

    /** Nobody may call this chat for {@code retryAfter}, as the platform demanded. */
    void holdOff(String chatKey, Duration retryAfter);
}
