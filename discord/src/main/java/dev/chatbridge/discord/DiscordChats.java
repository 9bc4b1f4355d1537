package dev.chatbridge.discord;

import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChatChannel;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.jspecify.annotations.Nullable;

/**
 * How Discord chats are named in the core. Guild channels and threads go by their id. A DM goes by
 * {@code dm<user id>}: the bot can reopen a DM from the user id alone (after a restart, or on another replica),
 * which a DM channel id would not allow without the cache.
 */
final class DiscordChats {

    static final String PLATFORM = "dc";
    private static final String DM_PREFIX = "dm";

    private final Supplier<@Nullable ShardManager> shards;
    private final Duration editInterval;

    DiscordChats(Supplier<@Nullable ShardManager> shards, Duration editInterval) {
        this.shards = shards;
        this.editInterval = editInterval;
    }

    static String chatId(MessageChannel channel, User author) {
        return channel.getType() == ChannelType.PRIVATE ? DM_PREFIX + author.getId() : channel.getId();
    }

    /**
     * Where a message was written, for {@code BOT_ALLOWED_CHATS}: the core's chat id, the channel (or the
     * channel a thread belongs to, so a thread of an allowed channel is allowed too) and the guild.
     */
    static List<String> places(String chatId, MessageChannel... channels) {
        Set<String> places = new LinkedHashSet<>();
        places.add(chatId);
        for (MessageChannel channel : channels) {
            places.add(channel.getId());
            if (channel instanceof ThreadChannel thread) {
                places.add(thread.getParentChannel().getId());
            }
            if (channel instanceof GuildChannel inGuild) {
                places.add(inGuild.getGuild().getId());
            }
        }
        return List.copyOf(places);
    }

    DiscordChatChannel channel(MessageChannel channel, String chatId, @Nullable String replyTo) {
        return new DiscordChatChannel(channel, chatId, replyTo, editInterval);
    }

    /** For background deliveries (the Midjourney watcher): finds the chat from its id alone. */
    ChatChannel resolve(ChannelDirectory.Address address) {
        ShardManager manager = shards.get();
        if (manager == null) {
            throw new IllegalStateException("the Discord adapter is not running");
        }
        String chatId = address.chatId();
        MessageChannel channel;
        if (chatId.startsWith(DM_PREFIX)) {
            JDA anyShard = manager.getShardCache().iterator().next();
            channel = anyShard.openPrivateChannelById(chatId.substring(DM_PREFIX.length()))
                    .complete();
        } else {
            channel = manager.getChannelById(MessageChannel.class, chatId);
            if (channel == null) {
                throw new IllegalStateException("Discord channel " + chatId + " is not among this process's shards");
            }
        }
        return channel(channel, chatId, address.replyToMessageId());
    }
}
