package dev.chatbridge.core.delivery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Finds the channel for a chat without an incoming message: background work such as a
 * Midjourney job posts its progress and result long after the command arrived, possibly on
 * another replica. Each adapter registers how to reach its chats.
 */
public final class ChannelDirectory {

    /** Where to post: a chat, and optionally the message to reply to. */
    public record Address(
            String platform, String chatId, @Nullable String replyToMessageId) {}

    /** Told when a chat now lives under a new id (see {@link #moved}). */
    @FunctionalInterface
    public interface MoveListener {
        void moved(String platform, String fromChatId, String toChatId);
    }

    private final Map<String, Function<Address, ChatChannel>> byPlatform = new ConcurrentHashMap<>();
    /** "platform:old id" to the new id, for chats that moved while this process ran (rare: a few entries). */
    private final Map<String, String> movedChats = new ConcurrentHashMap<>();

    private final List<MoveListener> moveListeners = new CopyOnWriteArrayList<>();
    private final BiFunction<String, ChatChannel, ChatChannel> decorator;

    public ChannelDirectory() {
        this((platform, channel) -> channel);
    }

    /** Every channel found goes through {@code decorator} (platform, channel), e.g. to count its calls. */
    public ChannelDirectory(BiFunction<String, ChatChannel, ChatChannel> decorator) {
        this.decorator = decorator;
    }

    public void register(String platform, Function<Address, ChatChannel> channelFor) {
        byPlatform.put(platform, channelFor);
    }

    /**
     * The chat's channel, at its new id if it moved; empty when no adapter of its platform runs here,
     * or the adapter knows no such chat.
     */
    public Optional<ChatChannel> channel(Address address) {
        Address current = movedTo(address.platform(), address.chatId())
                .map(to -> new Address(address.platform(), to, address.replyToMessageId()))
                .orElse(address);
        return Optional.ofNullable(byPlatform.get(current.platform()))
                .map(factory -> factory.apply(current))
                .map(channel -> decorator.apply(current.platform(), channel));
    }

    /** Where the core learns that a chat moved, to move what it keeps about the chat along. */
    public void onMove(MoveListener listener) {
        moveListeners.add(listener);
    }

    /**
     * An adapter found that a chat lives under a new id from now on (a Telegram group that became a
     * supergroup): later deliveries to the old address go to the new one, and listeners move what
     * they keep about the chat.
     */
    public void moved(String platform, String fromChatId, String toChatId) {
        movedChats.put(platform + ":" + fromChatId, toChatId);
        for (MoveListener listener : moveListeners) {
            listener.moved(platform, fromChatId, toChatId);
        }
    }

    /** The chat's new id, if this process saw it move. */
    public Optional<String> movedTo(String platform, String chatId) {
        return Optional.ofNullable(movedChats.get(platform + ":" + chatId));
    }
}
