package dev.chatbridge.discord;

import java.util.List;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the slash commands once a shard is ready: globally by the process that runs shard 0, or in each of the
 * configured guilds (where changes show at once) by the shard that holds it.
 */
final class SlashCommandRegistration extends ListenerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SlashCommandRegistration.class);

    private final List<String> commandGuilds;

    SlashCommandRegistration(List<String> commandGuilds) {
        this.commandGuilds = commandGuilds;
    }

    @Override
    public void onReady(ReadyEvent event) {
        JDA jda = event.getJDA();
        int shardId = jda.getShardInfo().getShardId();
        if (commandGuilds.isEmpty()) {
            if (shardId == 0) { // one registration for the whole bot, by the process that runs shard 0
                jda.updateCommands()
                        .addCommands(SlashCommands.definitions())
                        .queue(
                                done -> log.info("Discord: {} slash commands registered globally", done.size()),
                                failure -> log.error(
                                        "Discord: could not register slash commands: {}", failure.getMessage()));
            }
            return;
        }
        for (String guildId : commandGuilds) {
            Guild guild = jda.getGuildById(guildId);
            if (guild != null) {
                guild.updateCommands()
                        .addCommands(SlashCommands.definitions())
                        .queue(
                                done -> log.info(
                                        "Discord: {} slash commands registered in guild {}", done.size(), guildId),
                                failure -> log.error(
                                        "Discord: could not register slash commands in guild {}: {}",
                                        guildId,
                                        failure.getMessage()));
            }
        }
    }
}
