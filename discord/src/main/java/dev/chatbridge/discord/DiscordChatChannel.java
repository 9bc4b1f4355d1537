package dev.chatbridge.discord;

import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingImage;
import dev.chatbridge.core.delivery.OutgoingText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.utils.FileUpload;
import org.jspecify.annotations.Nullable;

/**
 * One Discord channel (guild channel, thread or DM) as the core's outbound port. Discord renders Markdown itself,
 * so the model's Markdown goes out as written ({@link ChannelLimits.Markup#NATIVE_MARKDOWN}); what the messages
 * hold is {@link DiscordMessages}' and {@link ActionRows}' business. JDA queues per rate-limit bucket and waits out
 * 429s itself; our pacing keeps them rare.
 */
final class DiscordChatChannel implements ChatChannel {

    /** The file name of a status message's picture, which its embed shows through {@code attachment://}. */
    static final String PREVIEW_NAME = "preview.png";

    private final MessageChannel channel;
    private final String chatId;
    private final @Nullable String replyToMessageId;
    private final ChannelLimits limits;
    /** The member whose interaction this channel answers, as the interaction carried it (roles included). */
    private @Nullable Member presser;

    DiscordChatChannel(
            MessageChannel channel, String chatId, @Nullable String replyToMessageId, Duration editInterval) {
        this.channel = channel;
        this.chatId = chatId;
        this.replyToMessageId = replyToMessageId;
        this.limits = new ChannelLimits(
                DiscordMessages.MAX_TEXT_LENGTH, editInterval, false, ChannelLimits.Markup.NATIVE_MARKDOWN);
    }

    @Override
    public ChannelLimits limits() {
        return limits;
    }

    @Override
    public String pacingKey() {
        return DiscordChats.PLATFORM + ":" + chatId;
    }

    @Override
    public Optional<ChannelDirectory.Address> address() {
        return java.util.Optional.of(new ChannelDirectory.Address(DiscordChats.PLATFORM, chatId, replyToMessageId));
    }

    /** Answers an interaction of {@code member}, so that their permissions are known without a REST call. */
    DiscordChatChannel pressedBy(@Nullable Member member) {
        this.presser = member;
        return this;
    }

    /** "Manage Server" (owners and administrators have it): who may change the server's bot settings. */
    @Override
    public boolean isChatAdmin(String userId) {
        Member member = presser != null && presser.getId().equals(userId) ? presser : null;
        if (member == null && channel instanceof GuildChannel inGuild) {
            member = inGuild.getGuild().getMemberById(userId);
        }
        return member != null && member.hasPermission(Permission.MANAGE_SERVER);
    }

    String where() {
        return channel.getType().isGuild() ? "#" + channel.getName() + " (" + channel.getId() + ")" : "a DM";
    }

    @Override
    public MessageRef send(OutgoingText text) throws DeliveryException {
        Message sent = DiscordFailures.call(
                where(),
                () -> replyingTo(channel.sendMessage(DiscordMessages.createData(text)))
                        .complete());
        return new MessageRef(sent.getId());
    }

    @Override
    public void edit(MessageRef message, OutgoingText text) throws DeliveryException {
        DiscordFailures.call(
                where(),
                () -> channel.editMessageById(message.id(), DiscordMessages.editData(text))
                        .complete());
    }

    @Override
    public MessageRef sendWithButtons(OutgoingText text, List<List<Button>> buttonRows) throws DeliveryException {
        MessageCreateAction action = channel.sendMessage(DiscordMessages.content(text))
                .setAllowedMentions(DiscordMessages.NO_PINGS)
                .setComponents(ActionRows.of(buttonRows));
        Message sent = DiscordFailures.call(where(), () -> replyingTo(action).complete());
        return new MessageRef(sent.getId());
    }

    /** A keyboard's next page, or a job's last status with a button: the text and the buttons in one edit. */
    @Override
    public void editWithButtons(MessageRef message, OutgoingText text, List<List<Button>> buttonRows)
            throws DeliveryException {
        if (text.status() != null) {
            // A status text is an embed (as in edit), here with the buttons under it.
            DiscordFailures.call(
                    where(),
                    () -> channel.editMessageById(message.id(), DiscordMessages.editData(text))
                            .setComponents(ActionRows.of(buttonRows))
                            .complete());
            return;
        }
        DiscordFailures.call(
                where(),
                () -> channel.editMessageById(message.id(), DiscordMessages.content(text))
                        .setAllowedMentions(DiscordMessages.NO_PINGS)
                        .setComponents(ActionRows.of(buttonRows))
                        .complete());
    }

    /**
     * The status embed with the picture as its image. The picture is uploaded with the edit and named through
     * {@code attachment://}, as the finished grid is uploaded rather than linked: the proxy's preview URL may be
     * private to it, or a Discord CDN link that expires within a day.
     */
    @Override
    public void editPicture(MessageRef message, OutgoingText status, byte[] png) throws DeliveryException {
        DiscordFailures.call(
                where(),
                () -> channel.editMessageById(message.id(), DiscordMessages.editData(status, PREVIEW_NAME))
                        .setAttachments(FileUpload.fromData(png, PREVIEW_NAME))
                        .complete());
    }

    /** The status embed, still showing the uploaded picture, and the buttons under it. */
    @Override
    public void editCaption(MessageRef message, OutgoingText status, List<List<Button>> buttonRows)
            throws DeliveryException {
        DiscordFailures.call(
                where(),
                () -> channel.editMessageById(message.id(), DiscordMessages.editData(status, PREVIEW_NAME))
                        .setComponents(ActionRows.of(buttonRows))
                        .complete());
    }

    /** Deletes one of the bot's messages; one gone already counts as deleted. */
    @Override
    public void delete(MessageRef message) throws DeliveryException {
        try {
            DiscordFailures.call(
                    where(), () -> channel.deleteMessageById(message.id()).complete());
        } catch (DeliveryException.MessageGone gone) {
            // Deleted already.
        }
    }

    /** A link button: Discord opens it in the browser (there are no Web Apps here). */
    @Override
    public MessageRef sendLink(OutgoingText text, String label, String url, boolean webApp) throws DeliveryException {
        MessageCreateAction action = channel.sendMessage(DiscordMessages.content(text))
                .setAllowedMentions(DiscordMessages.NO_PINGS)
                .setComponents(ActionRow.of(net.dv8tion.jda.api.components.buttons.Button.link(url, label)));
        Message sent = DiscordFailures.call(where(), () -> replyingTo(action).complete());
        return new MessageRef(sent.getId());
    }

    /** Deletes one of the bot's messages; best effort (it may be gone already). */
    void deleteQuietly(String messageId) {
        channel.deleteMessageById(messageId).queue(null, ignored -> {});
    }

    @Override
    public void typing() {
        channel.sendTyping().queue(null, ignored -> {}); // a courtesy: the answer follows regardless
    }

    @Override
    public MessageRef sendImage(OutgoingImage image) throws DeliveryException {
        MessageCreateAction action = channel.sendMessage(DiscordMessages.caption(image.caption()))
                .setAllowedMentions(DiscordMessages.NO_PINGS)
                .addFiles(FileUpload.fromData(image.bytes(), image.fileName()))
                .setComponents(ActionRows.of(image.buttonRows()));
        Message sent = DiscordFailures.call(where(), () -> replyingTo(action).complete());
        return new MessageRef(sent.getId());
    }

    private MessageCreateAction replyingTo(MessageCreateAction action) {
        if (replyToMessageId == null) {
            return action;
        }
        // Still deliver when the question was deleted meanwhile.
        return action.setMessageReference(replyToMessageId).failOnInvalidReply(false);
    }
}
