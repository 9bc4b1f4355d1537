package dev.chatbridge.core.conversation;

import java.util.Objects;

/**
 * A completed question/answer pair to append to a conversation's context, after dropping the
 * {@code droppedTurns} oldest turns that the context window left out.
 */
public record AnsweredTurn(ConversationKey key, int droppedTurns, Turn question, Turn answer) {

    public AnsweredTurn {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        if (droppedTurns < 0) {
            throw new IllegalArgumentException("droppedTurns must not be negative: " + droppedTurns);
        }
    }
}
