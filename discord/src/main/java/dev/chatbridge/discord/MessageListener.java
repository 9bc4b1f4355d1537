package dev.chatbridge.discord;

import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.message.UnsupportedMessage;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns messages addressed to the bot into core inputs: DMs, mentions, replies to the bot, and anything in a thread
 * the bot started. JDA's event thread only decides whether a message is for the bot; the rest (starting a thread,
 * handing it to the core, which talks to Redis, or keeping it while Redis is unreachable: {@link HeldMessages}) runs
 * in the channel's {@link ChatLanes lane}, in arrival order. A
 * mention in a channel may start a thread for the answer. Where the bot lacks permissions to answer, it tells the
 * asker by DM.
 */
final class MessageListener extends ListenerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MessageListener.class);

    private final HeldMessages held;
    private final DiscordChats chats;
    private final DiscordPlaces places;
    private final DiscordThreads threads;
    private final boolean messageContent;
    private final ChatLanes lanes;

    MessageListener(
            HeldMessages held,
            DiscordChats chats,
            DiscordPlaces places,
            DiscordThreads threads,
            boolean messageContent,
            ChatLanes lanes) {
        this.held = held;
        this.chats = chats;
        this.places = places;
        this.threads = threads;
        this.messageContent = messageContent;
        this.lanes = lanes;
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        Message message = event.getMessage();
        User author = event.getAuthor();
        if (author.isBot() || author.isSystem() || message.isWebhookMessage()) {
            return;
        }
        MessageChannel channel = event.getChannel();
        long self = event.getJDA().getSelfUser().getIdLong();
        boolean dm = event.isFromType(ChannelType.PRIVATE);
        boolean botThread = channel instanceof ThreadChannel thread && thread.getOwnerIdLong() == self;
        boolean addressed = message.getMentions().isMentioned(event.getJDA().getSelfUser(), Message.MentionType.USER)
                || (message.getReferencedMessage() != null
                        && message.getReferencedMessage().getAuthor().getIdLong() == self);
        if (!dm && !botThread && !addressed) {
            return;
        }
        if (!places.allowed(channel)) {
            log.debug("Ignoring a message in {}: not on the guild/channel allowlist", channel.getId());
            return;
        }
        lanes.run(channel.getId(), () -> handOver(message, author, channel, dm, botThread, addressed));
    }

    private void handOver(
            Message message, User author, MessageChannel channel, boolean dm, boolean botThread, boolean addressed) {
        long self = message.getJDA().getSelfUser().getIdLong();
        Language language = Language.EN; // Discord does not send a user's locale with messages
        String text = stripMention(message.getContentRaw(), self);
        List<Attachment> attachments = DiscordAttachment.of(message);
        Message replied = message.getReferencedMessage();
        if (attachments.isEmpty() && replied != null) {
            attachments = DiscordAttachment.of(replied); // a question about a picture sent earlier
        } else if (!attachments.isEmpty()
                && replied != null
                && !replied.getContentRaw().isBlank()) {
            text = UserMessage.quoting(replied.getContentRaw(), text); // a picture about an earlier text
        }
        if (text.isEmpty() && attachments.isEmpty()) {
            if ((dm || botThread || addressed) && (!message.getStickers().isEmpty() || message.getPoll() != null)) {
                // A sticker or a poll: said that it cannot be read, so nobody waits on silence.
                String chatId = DiscordChats.chatId(channel, author);
                held.accept(
                        new UnsupportedMessage(
                                DiscordChats.PLATFORM,
                                "m" + message.getId(),
                                chatId,
                                author.getId(),
                                null,
                                message.getStickers().isEmpty() ? "poll" : "sticker"),
                        chats.channel(channel, chatId, dm || botThread ? null : message.getId()));
                return;
            }
            if (botThread
                    && !addressed
                    && !messageContent
                    && message.getAttachments().isEmpty()) {
                // Without the Message Content intent Discord delivers such messages empty.
                reply(channel, author, message.getId(), Text.MESSAGE_CONTENT_UNAVAILABLE.in(language));
            }
            return;
        }
        MessageChannel answerIn = channel;
        UserMessage.ChatKind kind = dm
                ? UserMessage.ChatKind.PRIVATE
                : botThread ? UserMessage.ChatKind.THREAD : UserMessage.ChatKind.GROUP;
        String replyTo = dm || botThread ? null : message.getId();
        if (kind == UserMessage.ChatKind.GROUP) {
            Optional<ThreadChannel> thread = threads.startFor(message, text);
            if (thread.isPresent()) {
                answerIn = thread.get();
                kind = UserMessage.ChatKind.THREAD;
                replyTo = null;
            }
        }
        List<String> missing = DiscordPlaces.missingPermissions(answerIn, false);
        if (!missing.isEmpty()) {
            explainMissingPermissions(answerIn, author, missing, language);
            return;
        }
        String chatId = DiscordChats.chatId(answerIn, author);
        UserMessage inbound = new UserMessage(
                DiscordChats.PLATFORM,
                "m" + message.getId(),
                chatId,
                kind,
                author.getId(),
                author.getEffectiveName(),
                null,
                text,
                attachments,
                DiscordChats.places(chatId, answerIn, channel));
        held.accept(inbound, chats.channel(answerIn, chatId, replyTo));
    }

    private void explainMissingPermissions(
            MessageChannel channel, User author, List<String> missing, Language language) {
        DiscordPlaces.logMissing(channel, missing);
        // It cannot answer in that channel, so it tells the asker privately.
        author.openPrivateChannel()
                .flatMap(dm -> dm.sendMessage(Text.MISSING_PERMISSIONS.in(language, String.join(", ", missing))))
                .queue(
                        null,
                        failure -> log.debug(
                                "Could not DM {} about missing permissions: {}", author.getId(), failure.getMessage()));
    }

    private static void reply(MessageChannel channel, User author, String messageId, String text) {
        channel.sendMessage(text)
                .setMessageReference(messageId)
                .failOnInvalidReply(false)
                .queue(
                        null,
                        failure -> log.warn(
                                "Could not answer {} in {}: {}",
                                author.getId(),
                                channel.getId(),
                                failure.getMessage()));
    }

    /** Removes the bot's own mention ({@code <@id>} or {@code <@!id>}) wherever it appears. */
    static String stripMention(String text, long selfId) {
        return text.replace("<@" + selfId + ">", "")
                .replace("<@!" + selfId + ">", "")
                .strip();
    }
}
