package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.ConversationKey;

/**
 * Learns what each answer cost. {@link ChatService} calls it exactly once per answer that reached
 * the gateway (completed, failed or cancelled), with the usage of all its rounds added up; usage is
 * {@link TokenUsage#NONE} when the gateway reported none (lax gateways, or a stream cut before its
 * last chunk). The single place where quotas and metrics plug in.
 */
@FunctionalInterface
public interface UsageRecorder {

    UsageRecorder NONE = (key, userId, model, usage) -> {};

    void record(ConversationKey key, String userId, String model, TokenUsage usage);
}
