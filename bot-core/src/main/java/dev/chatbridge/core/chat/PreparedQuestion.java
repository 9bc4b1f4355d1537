package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.ContextWindow;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.vision.ImageMemory;

/**
 * A question made ready for the model: the request with the context that fits, and what saving
 * the turn and charging its tokens will need afterwards.
 *
 * @param storedQuestion the question as the context keeps it (images as text references)
 * @param fixedTokens the question's, its images' and the system prompt's tokens
 * @param startedNanos when the question was taken up ({@link System#nanoTime()}), for the overhead metric
 * @param imageMemory the heap reserved for the question's images; closing the question gives it back
 */
record PreparedQuestion(
        ConversationKey key,
        QuotaUser user,
        ChatRequest request,
        ContextWindow window,
        String storedQuestion,
        int fixedTokens,
        long startedNanos,
        ImageMemory.Lease imageMemory)
        implements AutoCloseable {

    /** The answer has ended: the images' heap is free for other questions. */
    @Override
    public void close() {
        imageMemory.close();
    }

    boolean withImages() {
        return !request.images().isEmpty();
    }
}
