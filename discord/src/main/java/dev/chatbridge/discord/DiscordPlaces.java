package dev.chatbridge.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the bot may and can answer: the optional guild/channel allowlists, and the bot's permissions there. */
final class DiscordPlaces {

    private static final Logger log = LoggerFactory.getLogger(DiscordPlaces.class);

    private final Set<String> allowedGuilds;
    private final Set<String> allowedChannels;

    DiscordPlaces(DiscordSettings settings) {
        this.allowedGuilds = settings.allowedGuilds();
        this.allowedChannels = settings.allowedChannels();
    }

    /** DMs are always allowed here (the user allowlist governs them); a thread counts as its parent channel too. */
    boolean allowed(MessageChannel channel) {
        if (!(channel instanceof GuildChannel guildChannel)) {
            return true;
        }
        if (!allowedGuilds.isEmpty()
                && !allowedGuilds.contains(guildChannel.getGuild().getId())) {
            return false;
        }
        if (allowedChannels.isEmpty() || allowedChannels.contains(channel.getId())) {
            return true;
        }
        return channel instanceof ThreadChannel thread
                && allowedChannels.contains(thread.getParentChannel().getId());
    }

    /** The permissions the bot lacks to answer in this channel (empty in DMs); names as Discord shows them. */
    static List<String> missingPermissions(MessageChannel channel, boolean uploads) {
        if (!(channel instanceof GuildChannel guildChannel)) {
            return List.of();
        }
        List<Permission> needed = new ArrayList<>(List.of(
                Permission.VIEW_CHANNEL,
                Permission.MESSAGE_HISTORY,
                channel instanceof ThreadChannel ? Permission.MESSAGE_SEND_IN_THREADS : Permission.MESSAGE_SEND));
        if (uploads) {
            needed.add(Permission.MESSAGE_ATTACH_FILES);
        }
        var self = guildChannel.getGuild().getSelfMember();
        return needed.stream()
                .filter(permission -> !self.hasPermission(guildChannel, permission))
                .map(Permission::getName)
                .toList();
    }

    /** Tells the operator which permissions to grant where; the asker gets a notice of their own. */
    static void logMissing(MessageChannel channel, List<String> missing) {
        log.warn(
                "Missing Discord permissions in #{} ({}): {}. Grant them to the bot's role (Server Settings → Roles) "
                        + "or in the channel's permissions",
                channel.getName(),
                channel.getId(),
                String.join(", ", missing));
    }
}
