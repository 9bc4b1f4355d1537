package dev.chatbridge.core.redis;

import dev.chatbridge.core.delivery.LocalChatPacer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chats this replica paces in-process because it alone speaks in them for now: a chat with one conversation
 * (a private chat, a thread) whose lock this replica took when it queued the message. The claim is a key per chat
 * in Redis ({@code cb:pace:<chat>} holding {@code L:<lock token>}) set in the same script as the lock, renewed with
 * the lock's lease and handed back in the script that finishes the turn, with the time still to wait before the
 * chat's next call. Every other replica's call to that chat waits until then ({@link RedisChatPacer}), so the chat
 * hears one speaker at a time without a round trip per call.
 */
final class PacingLeases {

    static final String PACE = "cb:pace:";
    static final String LEASE_PREFIX = "L:";

    /** The chat a lock token leases. */
    private final Map<String, String> chatByToken = new ConcurrentHashMap<>();
    /** The token that leases a chat here. */
    private final Map<String, String> tokenByChat = new ConcurrentHashMap<>();

    private final LocalChatPacer local = new LocalChatPacer();

    static String key(String chatKey) {
        return PACE + chatKey;
    }

    /** This replica now leases {@code chatKey} under {@code token}; its first call waits {@code wait}. */
    void hold(String chatKey, String token, Duration wait) {
        chatByToken.put(token, chatKey);
        tokenByChat.put(chatKey, token);
        if (wait.isPositive()) {
            local.holdOff(chatKey, wait);
        }
    }

    /** The lock token under which this replica leases {@code chatKey}, if it does. */
    Optional<String> tokenFor(String chatKey) {
        return Optional.ofNullable(tokenByChat.get(chatKey));
    }

    /** The chat leased under {@code token}, if any. */
    Optional<String> chatOf(String token) {
        return Optional.ofNullable(chatByToken.get(token));
    }

    /** The lease under {@code token} ended: released, lost with the lock, or handed back. */
    void drop(String token) {
        String chatKey = chatByToken.remove(token);
        if (chatKey != null) {
            tokenByChat.remove(chatKey, token);
        }
    }

    /** How long the chat must still wait before its next call, as paced here. */
    Duration untilNext(String chatKey) {
        return local.untilNext(chatKey);
    }

    LocalChatPacer local() {
        return local;
    }
}
