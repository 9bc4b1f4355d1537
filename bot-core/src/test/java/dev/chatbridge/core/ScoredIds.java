package dev.chatbridge.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ids ordered by a score, lowest first: what a Redis sorted set holds for the in-memory fakes
 * (jobs by when they are due, conversations by when they were last served). Not synchronized: the
 * fakes that use it are.
 */
public final class ScoredIds {

    private final Map<String, Long> scores = new HashMap<>();

    public void put(String id, long score) {
        scores.put(id, score);
    }

    public void putIfAbsent(String id, long score) {
        scores.putIfAbsent(id, score);
    }

    public void remove(String id) {
        scores.remove(id);
    }

    public int size() {
        return scores.size();
    }

    /** The ids scored {@code maxScore} or less, lowest first, at most {@code limit} of them. */
    public List<String> upTo(long maxScore, int limit) {
        return scores.entrySet().stream()
                .filter(entry -> entry.getValue() <= maxScore)
                .sorted(Map.Entry.comparingByValue())
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }
}
