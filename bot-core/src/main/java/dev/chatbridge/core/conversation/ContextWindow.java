package dev.chatbridge.core.conversation;

import java.util.List;

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
        int[] costs = history.stream().mapToInt(counter::count).toArray();
        int total = fixedTokens;
        for (int cost : costs) {
            total += cost;
        }
        int start = 0;
        while (start < history.size() && total > budget) {
            total -= costs[start];
            start++;
            // Drop the answer along with its question.
            if (start < history.size() && history.get(start).role() == Turn.Role.ASSISTANT) {
                total -= costs[start];
                start++;
            }
        }
        return new ContextWindow(history.subList(start, history.size()), start);
    }
}
