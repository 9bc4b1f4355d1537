package dev.chatbridge.core.conversation;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Conversation history and per-user settings, shared by the replicas. Reading or writing a
 * conversation keeps it alive, so active conversations never expire.
 */
public interface ConversationStore {

    /**
     * Starts a turn in one round trip: reads the history and the user's settings, keeps both
     * alive, and remembers the question for /retry.
     */
    Snapshot beginTurn(ConversationKey key, String userId, LastQuestion question);

    /** As {@link #beginTurn(ConversationKey, String, LastQuestion)} for a question without pictures. */
    default Snapshot beginTurn(ConversationKey key, String userId, String question) {
        return beginTurn(key, userId, LastQuestion.text(question));
    }

    /** Appends a completed question/answer pair, after dropping the turns the context window left out. */
    void appendPair(ConversationKey key, int droppedTurns, Turn question, Turn answer);

    /** Removes the last question/answer pair if it answered {@code question} (for /retry). */
    void popLastPairIfAbout(ConversationKey key, String question);

    @Nullable
    LastQuestion lastQuestion(ConversationKey key);

    void markTrimNoticeGiven(ConversationKey key);

    /** Forgets the conversation: its history, its trim notice and its last question. */
    void clear(ConversationKey key);

    /**
     * Moves a conversation to another key: its turns go after any the target already has (trimmed
     * to the stored maximum), and its last question and trim notice go along where the target has
     * none. Nothing is left under {@code from}.
     */
    void move(ConversationKey from, ConversationKey to);

    /**
     * Moves every conversation of a chat (each user's, and the shared one) to its new id, as
     * {@link #move} does: a Telegram group that became a supergroup.
     */
    void moveChat(String platform, String fromChatId, String toChatId);

    /** Sets ({@code value} not null) or removes one of the user's settings (see {@link UserSettings}). */
    void updateSettings(String platform, String userId, String field, @Nullable String value);

    UserSettings settings(String platform, String userId);

    /**
     * Whether a group's members share one conversation: chosen by the group's admins in
     * {@code /settings}; null when they never chose (the operator's default applies).
     */
    @Nullable
    Boolean groupSharedContext(String platform, String chatId);

    /** Stores the group admins' choice; null removes it (back to the operator's default). */
    void setGroupSharedContext(String platform, String chatId, @Nullable Boolean shared);

    /** What a turn needs from storage before it calls the model. */
    record Snapshot(List<Turn> history, UserSettings settings, boolean trimNoticeGiven) {
        public Snapshot {
            history = List.copyOf(history);
        }
    }
}
