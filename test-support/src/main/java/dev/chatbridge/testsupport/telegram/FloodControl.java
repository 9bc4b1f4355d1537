package dev.chatbridge.testsupport.telegram;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Telegram's per-chat flood limit: message-producing calls must be spaced {@code minInterval} apart (edits count),
 * and after a 429 every call to that chat is refused until {@code retry_after} has passed.
 */
final class FloodControl {
    /**
     * Clients pace by departure, the fake measures arrival: on a loaded 2-core CI machine one call can sit a few
     * hundred milliseconds longer in transit than the next. An unpaced client is still caught (its calls come
     * milliseconds apart), and so is one pacing a group at the private chats' one second.
     */
    private static final Duration TOLERANCE = Duration.ofMillis(300);

    private final Map<Long, ChatState> chats = new HashMap<>();
    private volatile boolean enabled = true;
    private volatile Duration privateInterval = Duration.ofSeconds(1);
    private volatile Duration groupInterval = Duration.ofSeconds(3);
    private volatile int retryAfterSeconds = 1;

    private static final class ChatState {
        Instant lastAccepted = Instant.MIN;
        Instant blockedUntil = Instant.MIN;
        int violations;
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    void privateInterval(Duration interval) {
        this.privateInterval = interval;
    }

    void groupInterval(Duration interval) {
        this.groupInterval = interval;
    }

    void retryAfterSeconds(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("retry_after is at least 1 second");
        }
        this.retryAfterSeconds = seconds;
    }

    /** Any call to a chat during an announced retry window is refused, and counts as a violation. */
    synchronized void checkWindow(long chatId, Instant now) {
        ChatState chat = chats.computeIfAbsent(chatId, id -> new ChatState());
        if (now.isBefore(chat.blockedUntil)) {
            chat.violations++;
            long remainingMillis = Duration.between(now, chat.blockedUntil).toMillis();
            throw BotApiError.tooManyRequests((int) Math.max(1, (remainingMillis + 999) / 1000));
        }
    }

    /** A message-producing call too soon after the previous one opens a retry window. */
    synchronized void checkSpacing(long chatId, Instant now) {
        if (!enabled) {
            return;
        }
        ChatState chat = chats.computeIfAbsent(chatId, id -> new ChatState());
        Duration interval = chatId > 0 ? privateInterval : groupInterval;
        if (chat.lastAccepted != Instant.MIN
                && Duration.between(chat.lastAccepted, now).compareTo(interval.minus(TOLERANCE)) < 0) {
            chat.violations++;
            int retryAfter = retryAfterSeconds;
            chat.blockedUntil = now.plusSeconds(retryAfter);
            throw BotApiError.tooManyRequests(retryAfter);
        }
    }

    synchronized void accepted(long chatId, Instant now) {
        chats.computeIfAbsent(chatId, id -> new ChatState()).lastAccepted = now;
    }

    /** An injected 429 is announced like a real one, so the client must honour it. */
    synchronized void announce(long chatId, int retryAfterSeconds, Instant now) {
        chats.computeIfAbsent(chatId, id -> new ChatState()).blockedUntil = now.plusSeconds(retryAfterSeconds);
    }

    synchronized void endWindow(long chatId) {
        chats.computeIfAbsent(chatId, id -> new ChatState()).blockedUntil = Instant.MIN;
    }

    synchronized int violations() {
        return chats.values().stream().mapToInt(chat -> chat.violations).sum();
    }

    synchronized int violations(long chatId) {
        ChatState chat = chats.get(chatId);
        return chat == null ? 0 : chat.violations;
    }
}
