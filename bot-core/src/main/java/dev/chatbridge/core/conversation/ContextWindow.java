package dev.chatbridge.core.conversation;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The history that fits the token budget together with the new question, oldest turns dropped
 * first, in whole user/assistant pairs so the model never sees an answer without its question.
 */
public record ContextWindow(List<Turn> turns, int droppedTurns) {

    public ContextWindow {
        turns = List.copyOf(turns);
    }

    public boolean trimmed() {
        return droppedTurns > 0;
    }

    public static ContextWindow fit(List<Turn> history, int fixedTokens, int budget, TokenCounter counter) {
        return fit(history, fixedTokens, budget, (ToIntFunction<Turn>) counter::count);
    }

    /**
     * Counts from the newest turn back and stops at the first that no longer fits, so a long
     * history costs only the turns that are sent (tokenizing is the expensive part), not all
     * of them.
     */
    static ContextWindow fit(List<Turn> history, int fixedTokens, int budget, ToIntFunction<Turn> cost) {
        // The oldest turn from which everything fits.
        int fitsFrom = 0;
        int total = fixedTokens;
        for (int i = history.size() - 1; i >= 0; i--) {
            total += cost.applyAsInt(history.get(i));
            if (total > budget) {
                fitsFrom = i + 1;
                break;
            }
        }
        // Drop whole turns from the oldest until there: an answer goes with the turn before it.
        int start = 0;
        while (start < fitsFrom) {
            start++;
            if (start < history.size() && history.get(start).role() == Turn.Role.ASSISTANT) {
                start++;
            }
        }
        return new ContextWindow(history.subList(start, history.size()), start);
    }
}
