package dev.chatbridge.core.conversation;

import dev.chatbridge.core.storage.StorageUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link ConversationStore} in memory, as the Redis one behaves: the history capped at
 * {@code maxTurns}, the trim notice and the last question per conversation, and settings per
 * user. Nothing expires: in a test every conversation is active.
 */
public final class InMemoryConversationStore implements ConversationStore {

    private final int maxTurns;
    private final Map<String, List<Turn>> histories = new HashMap<>();
    private final Set<String> trimNoticeGiven = new HashSet<>();
    private final Map<String, LastQuestion> lastQuestions = new HashMap<>();
    private final Map<String, Map<String, String>> settings = new HashMap<>();
    private final Map<String, Boolean> groupContexts = new HashMap<>();

    private int unavailableTurns;

    public InMemoryConversationStore(int maxTurns) {
        this.maxTurns = maxTurns;
    }

    /** The next {@code count} turns find storage unavailable as they begin, as during a Redis restart. */
    public synchronized void unavailableForNextTurns(int count) {
        unavailableTurns = count;
    }

    @Override
    public synchronized Snapshot beginTurn(ConversationKey key, String userId, LastQuestion question) {
        if (unavailableTurns > 0) {
            unavailableTurns--;
            throw new StorageUnavailableException("Redis is unavailable (as scripted)", null);
        }
        lastQuestions.put(key.id(), question);
        return new Snapshot(history(key), settings(key.platform(), userId), trimNoticeGiven.contains(key.id()));
    }

    @Override
    public synchronized void appendPair(ConversationKey key, int droppedTurns, Turn question, Turn answer) {
        List<Turn> turns = histories.computeIfAbsent(key.id(), id -> new ArrayList<>());
        turns.subList(0, Math.min(droppedTurns, turns.size())).clear();
        turns.add(question);
        turns.add(answer);
        if (turns.size() > maxTurns) {
            turns.subList(0, turns.size() - maxTurns).clear();
        }
    }

    @Override
    public synchronized void popLastPairIfAbout(ConversationKey key, String question) {
        List<Turn> turns = histories.getOrDefault(key.id(), new ArrayList<>());
        int size = turns.size();
        if (size >= 2
                && turns.get(size - 2).equals(Turn.user(question))
                && turns.get(size - 1).role() == Turn.Role.ASSISTANT) {
            turns.subList(size - 2, size).clear();
        }
    }

    @Override
    public synchronized @Nullable LastQuestion lastQuestion(ConversationKey key) {
        return lastQuestions.get(key.id());
    }

    @Override
    public synchronized void markTrimNoticeGiven(ConversationKey key) {
        trimNoticeGiven.add(key.id());
    }

    @Override
    public synchronized void clear(ConversationKey key) {
        histories.remove(key.id());
        trimNoticeGiven.remove(key.id());
        lastQuestions.remove(key.id());
    }

    @Override
    public synchronized void move(ConversationKey from, ConversationKey to) {
        List<Turn> moved = histories.remove(from.id());
        if (moved != null && !moved.isEmpty()) {
            List<Turn> turns = histories.computeIfAbsent(to.id(), id -> new ArrayList<>());
            turns.addAll(moved);
            if (turns.size() > maxTurns) {
                turns.subList(0, turns.size() - maxTurns).clear();
            }
        }
        if (trimNoticeGiven.remove(from.id())) {
            trimNoticeGiven.add(to.id());
        }
        LastQuestion question = lastQuestions.remove(from.id());
        if (question != null) {
            lastQuestions.putIfAbsent(to.id(), question);
        }
    }

    @Override
    public synchronized void moveChat(String platform, String fromChatId, String toChatId) {
        String prefix = platform + ":" + fromChatId + ":";
        Set<String> owners = new HashSet<>();
        for (String id : histories.keySet()) {
            if (id.startsWith(prefix)) {
                owners.add(id.substring(prefix.length()));
            }
        }
        for (String id : lastQuestions.keySet()) {
            if (id.startsWith(prefix)) {
                owners.add(id.substring(prefix.length()));
            }
        }
        for (String owner : owners) {
            move(new ConversationKey(platform, fromChatId, owner), new ConversationKey(platform, toChatId, owner));
        }
    }

    @Override
    public synchronized void updateSettings(String platform, String userId, String field, @Nullable String value) {
        Map<String, String> fields = settings.computeIfAbsent(platform + ":" + userId, user -> new HashMap<>());
        if (value == null) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
    }

    @Override
    public synchronized UserSettings settings(String platform, String userId) {
        Map<String, String> fields = settings.getOrDefault(platform + ":" + userId, Map.of());
        return UserSettings.fromFields(fields);
    }

    @Override
    public synchronized @Nullable Boolean groupSharedContext(String platform, String chatId) {
        return groupContexts.get(platform + ":" + chatId);
    }

    @Override
    public synchronized void setGroupSharedContext(String platform, String chatId, @Nullable Boolean shared) {
        if (shared == null) {
            groupContexts.remove(platform + ":" + chatId);
        } else {
            groupContexts.put(platform + ":" + chatId, shared);
        }
    }

    /** The conversation's stored turns, oldest first (for assertions). */
    public synchronized List<Turn> history(ConversationKey key) {
        return List.copyOf(histories.getOrDefault(key.id(), List.of()));
    }
}
