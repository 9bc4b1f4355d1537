package dev.chatbridge.discord;

import java.util.Optional;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a thread on the message that mentioned the bot, so the conversation continues there without mentions.
 * Where threads are off, impossible (not a text channel) or not permitted, the bot answers in the channel instead.
 */
final class DiscordThreads {

    private static final Logger log = LoggerFactory.getLogger(DiscordThreads.class);
    private static final int NAME_LENGTH = 80;

    private final boolean enabled;

    DiscordThreads(boolean enabled) {
        this.enabled = enabled;
    }

    Optional<ThreadChannel> startFor(Message message, String question) {
        ChannelType type = message.getChannelType();
        if (!enabled || (type != ChannelType.TEXT && type != ChannelType.NEWS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(message.createThreadChannel(name(question)).complete());
        } catch (InsufficientPermissionException e) {
            log.warn(
                    "Answering in #{} instead of a thread: the bot lacks the permission {} there",
                    message.getChannel().getName(),
                    e.getPermission().getName());
        } catch (ErrorResponseException e) {
            log.warn(
                    "Answering in #{} instead of a thread: Discord refused the thread ({})",
                    message.getChannel().getName(),
                    e.getMeaning());
        }
        return Optional.empty();
    }

    static String name(String question) {
        String line = question.lines().findFirst().orElse("").strip();
        if (line.isEmpty()) {
            return "Chat";
        }
        return line.length() <= NAME_LENGTH ? line : line.substring(0, NAME_LENGTH - 1) + "…";
    }
}
