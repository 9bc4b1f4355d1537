package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.message.UserMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Messages accepted by this replica, by event id, as received and with the channel they came
 * with: usually answered here too, with the platform's own objects instead of what the queue
 * item can restore. Forgotten after a while when another replica answered them.
 */
final class AcceptedMessages {

    private static final Duration LIFETIME = Duration.ofMinutes(10);

    record Accepted(UserMessage message, ChatChannel channel, long atNanos) {}

    private final Map<String, Accepted> byEventId = new ConcurrentHashMap<>();

    /**
     * Remembers a message accepted here; null when this event was accepted here already (a repeated
     * delivery), whose first copy keeps its place.
     */
    @Nullable
    Accepted put(UserMessage message, ChatChannel channel) {
        Accepted accepted = new Accepted(message, channel, System.nanoTime());
        return byEventId.putIfAbsent(message.eventId(), accepted) == null ? accepted : null;
    }

    /** The message accepted here under this event id, now handed to its answer; null when another replica took it. */
    @Nullable
    Accepted take(String eventId) {
        return byEventId.remove(eventId);
    }

    /** Forgets what {@link #put} remembered, and nothing a later or earlier delivery remembered. */
    void forget(Accepted accepted) {
        byEventId.remove(accepted.message().eventId(), accepted);
    }

    /** Drops what is older than the lifetime: another replica answered it. */
    void expire() {
        long oldest = System.nanoTime() - LIFETIME.toNanos();
        byEventId.values().removeIf(local -> local.atNanos() - oldest < 0);
    }
}
