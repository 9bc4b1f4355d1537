package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.AnsweredTurn;
import dev.chatbridge.core.quota.TokenCharge;

/**
 * Keeps a completed question/answer pair. The conversation pipeline saves it in the same step as
 * it removes the answered message from the queue, and only while this replica still holds the
 * conversation, so a message is answered into the context exactly once.
 */
@FunctionalInterface
public interface TurnSaver {

    /** False when the pair was not kept because another replica has taken the conversation over. */
    boolean save(AnsweredTurn turn);

    /**
     * As {@link #save(AnsweredTurn)}, and charges {@code charge} in the same storage step where storage can
     * ({@link Saved#charged}); otherwise the caller charges it.
     */
    default Saved save(AnsweredTurn turn, TokenCharge charge) {
        return new Saved(save(turn), false);
    }

    /** Whether the pair was kept, and whether the tokens were charged with it. */
    record Saved(boolean kept, boolean charged) {}
}
