package dev.chatbridge.discord;

import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.pipeline.BotEngine;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns JDA events into core inputs, on JDA's event thread and in arrival order: messages addressed to the bot
 * (DMs, mentions, replies to the bot, anything in a thread the bot started), slash commands (acknowledged at once
 * with a deferred reply), button presses (answered at once with the core's notice) and /model autocomplete.
 */
final class DiscordListener extends ListenerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DiscordListener.class);

    private final BotEngine engine;
    private final ModelChoices modelChoices;
    private final DiscordChats chats;
    private final DiscordPlaces places;
    private final DiscordThreads threads;
    private final boolean messageContent;
    private final java.time.Duration interactionTokenWindow;

    DiscordListener(
            BotEngine engine,
            ModelCatalog models,
            DiscordChats chats,
            DiscordPlaces places,
            DiscordThreads threads,
            boolean messageContent,
            java.time.Duration interactionTokenWindow) {
        this.engine = engine;
        this.modelChoices = new ModelChoices(models);
        this.chats = chats;
        this.places = places;
        this.threads = threads;
        this.messageContent = messageContent;
        this.interactionTokenWindow = interactionTokenWindow;
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
                attachments);
        engine.accept(inbound, chats.channel(answerIn, chatId, replyTo));
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        MessageChannel channel = event.getChannel();
        Language language = language(event);
        if (refusedHere(event, channel, language)) {
            return;
        }
        boolean uploads = event.getName().equals("imagine") || event.getName().equals("image");
        List<String> missing = uploads ? DiscordPlaces.missingPermissions(channel, true) : List.of();
        if (!missing.isEmpty()) {
            logMissing(channel, missing);
            event.reply(Text.MISSING_PERMISSIONS.in(language, String.join(", ", missing)))
                    .setEphemeral(true)
                    .queue(null, failure -> logAckFailure(event, failure));
            return;
        }
        // Acknowledge first: Discord forgets the interaction after 3 s.
        event.deferReply().queue(null, failure -> logAckFailure(event, failure));
        User user = event.getUser();
        String chatId = DiscordChats.chatId(channel, user);
        boolean botThread = channel instanceof ThreadChannel thread
                && thread.getOwnerIdLong() == event.getJDA().getSelfUser().getIdLong();
        UserMessage.ChatKind kind = channel.getType() == ChannelType.PRIVATE
                ? UserMessage.ChatKind.PRIVATE
                : botThread ? UserMessage.ChatKind.THREAD : UserMessage.ChatKind.GROUP;
        UserMessage inbound = new UserMessage(
                DiscordChats.PLATFORM,
                "i" + event.getId(),
                chatId,
                kind,
                user.getId(),
                user.getEffectiveName(),
                event.getUserLocale().getLocale(),
                SlashCommands.asText(event));
        InteractionChatChannel answer = new InteractionChatChannel(
                event.getHook(), chats.channel(channel, chatId, null), interactionTokenWindow);
        engine.accept(inbound, answer);
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        MessageChannel channel = event.getChannel();
        Language language = language(event);
        if (refusedHere(event, channel, language)) {
            return;
        }
        String chatId = DiscordChats.chatId(channel, event.getUser());
        ButtonPress press = new ButtonPress(
                DiscordChats.PLATFORM,
                "i" + event.getId(),
                chatId,
                event.getUser().getId(),
                event.getUserLocale().getLocale(),
                event.getComponentId(),
                event.getMessageId());
        String notice = engine.accept(press, chats.channel(channel, chatId, event.getMessageId()))
                .join();
        if (notice.isEmpty()) {
            event.deferEdit().queue(null, failure -> logAckFailure(event, failure));
        } else {
            event.reply(notice).setEphemeral(true).queue(null, failure -> logAckFailure(event, failure));
        }
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        modelChoices.suggest(event);
    }

    /** Outside the guild/channel allowlist an interaction still needs an answer: a notice only the user sees. */
    private boolean refusedHere(IReplyCallback interaction, MessageChannel channel, Language language) {
        if (places.allowed(channel)) {
            return false;
        }
        interaction
                .reply(Text.PLACE_NOT_ALLOWED.in(language))
                .setEphemeral(true)
                .queue(null, failure -> logAckFailure(interaction, failure));
        return true;
    }

    private void explainMissingPermissions(
            MessageChannel channel, User author, List<String> missing, Language language) {
        logMissing(channel, missing);
        // It cannot answer in that channel, so it tells the asker privately.
        author.openPrivateChannel()
                .flatMap(dm -> dm.sendMessage(Text.MISSING_PERMISSIONS.in(language, String.join(", ", missing))))
                .queue(
                        null,
                        failure -> log.debug(
                                "Could not DM {} about missing permissions: {}", author.getId(), failure.getMessage()));
    }

    private static void logMissing(MessageChannel channel, List<String> missing) {
        log.warn(
                "Missing Discord permissions in #{} ({}): {}. Grant them to the bot's role (Server Settings → Roles) "
                        + "or in the channel's permissions",
                channel.getName(),
                channel.getId(),
                String.join(", ", missing));
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

    static void logAckFailure(Interaction interaction, Throwable failure) {
        log.warn("Could not acknowledge interaction {}: {}", interaction.getId(), failure.getMessage());
    }

    private static Language language(Interaction interaction) {
        return Language.fromTag(interaction.getUserLocale().getLocale());
    }

    /** Removes the bot's own mention ({@code <@id>} or {@code <@!id>}) wherever it appears. */
    static String stripMention(String text, long selfId) {
        return text.replace("<@" + selfId + ">", "")
                .replace("<@!" + selfId + ">", "")
                .strip();
    }
}
