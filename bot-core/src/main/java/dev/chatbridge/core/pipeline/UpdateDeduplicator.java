package dev.chatbridge.core.pipeline;

/**
 * Platforms deliver updates at least once (Telegram repeats an update until it is confirmed, and
 * webhooks are retried); the first replica to see an event handles it. Queued messages are marked
 * seen by {@link ConversationQueue#enqueueIfNew} in the same step that queues them.
 */
public interface UpdateDeduplicator {

    /** True the first time an event is seen, on any replica; false for every repeat. */
    boolean firstDelivery(String platform, String eventId);
}
