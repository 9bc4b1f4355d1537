package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.AnsweredTurn;

/**
 * Keeps a completed question/answer pair. The conversation pipeline saves it in the same step as
 * it removes the answered message from the queue, and only while this replica still holds the
 * conversation, so a message is answered into the context exactly once.
 */
@FunctionalInterface
public interface TurnSaver {

    /** False when the pair was not kept because another replica has taken the conversation over. */
    boolean save(AnsweredTurn turn);
}
