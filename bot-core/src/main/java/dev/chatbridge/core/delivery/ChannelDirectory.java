package dev.chatbridge.core.delivery;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<String, Function<Address, ChatChannel>> byPlatform = new ConcurrentHashMap<>();
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

    /** The chat's channel; empty when no adapter of its platform runs here, or the adapter knows no such chat. */
    public Optional<ChatChannel> channel(Address address) {
        return Optional.ofNullable(byPlatform.get(address.platform()))
                .map(factory -> factory.apply(address))
                .map(channel -> decorator.apply(address.platform(), channel));
    }
}
