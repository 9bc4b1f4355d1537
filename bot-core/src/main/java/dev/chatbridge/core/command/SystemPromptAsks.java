package dev.chatbridge.core.command;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The system-prompt questions {@code /settings} has open where the user answers by replying (Telegram's
 * ForceReply): the question's message and whom it asked. Shared storage, so that whichever replica gets
 * the reply knows it answers the question, not the chat model.
 */
public interface SystemPromptAsks {

    /** Remembers that {@code messageId} in the chat asks {@code userId} for a system prompt, for {@code keep}. */
    void open(String platform, String chatId, String messageId, String userId, Duration keep);

    /** Whom the question in {@code messageId} asked, while it is open. */
    Optional<String> askedUser(String platform, String chatId, String messageId);

    /** Closes the question; true for the one caller that closed it (a repeated delivery gets false). */
    boolean close(String platform, String chatId, String messageId);

    /** For a single instance without shared storage (and tests): kept in this process only, without expiry. */
    static SystemPromptAsks inMemory() {
        Map<String, String> open = new ConcurrentHashMap<>();
        return new SystemPromptAsks() {
            @Override
            public void open(String platform, String chatId, String messageId, String userId, Duration keep) {
                open.put(platform + ":" + chatId + ":" + messageId, userId);
            }

            @Override
            public Optional<String> askedUser(String platform, String chatId, String messageId) {
                return Optional.ofNullable(open.get(platform + ":" + chatId + ":" + messageId));
            }

            @Override
            public boolean close(String platform, String chatId, String messageId) {
                return open.remove(platform + ":" + chatId + ":" + messageId) != null;
            }
        };
    }
}
