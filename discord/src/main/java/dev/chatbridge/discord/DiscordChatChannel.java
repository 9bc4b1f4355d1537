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
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.MarkdownSanitizer;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.jspecify.annotations.Nullable;

/**
 * One Discord channel (guild channel, thread or DM) as the core's outbound port. Discord renders Markdown itself,
 * so the model's Markdown goes out as written ({@link ChannelLimits.Markup#NATIVE_MARKDOWN}); plain text is escaped
 * so that it shows as written. Nobody is pinged by what the model writes. JDA queues per rate-limit bucket and waits
 * out 429s itself; our pacing keeps them rare. A status text (e.g. /imagine progress) becomes an embed titled with
 * the job and coloured by its stage, with no content beside it.
 */
final class DiscordChatChannel implements ChatChannel {

    static final int MAX_TEXT_LENGTH = 2000;
    private static final int MAX_ROWS = 5;
    private static final int MAX_PER_ROW = 5;
    private static final int MAX_LABEL = 80;
    private static final EnumSet<Message.MentionType> NO_PINGS = EnumSet.noneOf(Message.MentionType.class);

    private final MessageChannel channel;
    private final String chatId;
    private final @Nullable String replyToMessageId;
    private final ChannelLimits limits;

    DiscordChatChannel(
            MessageChannel channel, String chatId, @Nullable String replyToMessageId, Duration editInterval) {
        this.channel = channel;
        this.chatId = chatId;
        this.replyToMessageId = replyToMessageId;
        this.limits = new ChannelLimits(MAX_TEXT_LENGTH, editInterval, false, ChannelLimits.Markup.NATIVE_MARKDOWN);
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

    String where() {
        return channel.getType().isGuild() ? "#" + channel.getName() + " (" + channel.getId() + ")" : "a DM";
    }

    @Override
    public MessageRef send(OutgoingText text) throws DeliveryException {
        Message sent = DiscordFailures.call(
                where(), () -> replyingTo(channel.sendMessage(createData(text))).complete());
        return new MessageRef(sent.getId());
    }

    @Override
    public void edit(MessageRef message, OutgoingText text) throws DeliveryException {
        DiscordFailures.call(
                where(),
                () -> channel.editMessageById(message.id(), editData(text)).complete());
    }

    @Override
    public MessageRef sendWithButtons(OutgoingText text, List<List<Button>> buttonRows) throws DeliveryException {
        MessageCreateAction action =
                channel.sendMessage(content(text)).setAllowedMentions(NO_PINGS).setComponents(actionRows(buttonRows));
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
        MessageCreateAction action = channel.sendMessage(caption(image.caption()))
                .setAllowedMentions(NO_PINGS)
                .addFiles(FileUpload.fromData(image.bytes(), image.fileName()))
                .setComponents(actionRows(image.buttonRows()));
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

    /** A new message: the text as content, or a status text as an embed alone. Nobody is pinged. */
    static MessageCreateData createData(OutgoingText text) {
        MessageCreateBuilder message = new MessageCreateBuilder().setAllowedMentions(NO_PINGS);
        return text.status() == null
                ? message.setContent(content(text)).build()
                : message.setEmbeds(embed(text, text.status())).build();
    }

    /** An edit: a status text replaces the content with an embed; other texts leave existing embeds alone. */
    static MessageEditData editData(OutgoingText text) {
        MessageEditBuilder message = new MessageEditBuilder().setAllowedMentions(NO_PINGS);
        return text.status() == null
                ? message.setContent(content(text)).build()
                : message.setContent("").setEmbeds(embed(text, text.status())).build();
    }

    /** Discord refuses titles over 256 and descriptions over 4096 characters; both are shortened to fit. */
    static MessageEmbed embed(OutgoingText text, OutgoingText.Status status) {
        String description = text.format() == OutgoingText.Format.MARKDOWN
                ? shortened(text.text(), MessageEmbed.DESCRIPTION_MAX_LENGTH)
                : escapedWithin(text.text(), MessageEmbed.DESCRIPTION_MAX_LENGTH);
        return new EmbedBuilder()
                .setTitle(escapedWithin(status.title(), MessageEmbed.TITLE_MAX_LENGTH))
                .setDescription(description)
                .setColor(color(status.stage()))
                .build();
    }

    /** Discord's own palette: grey while waiting, blurple while drawing, green when done, red when not. */
    static int color(OutgoingText.Stage stage) {
        return switch (stage) {
            case WAITING -> 0x99AAB5;
            case WORKING -> 0x5865F2;
            case SUCCEEDED -> 0x57F287;
            case FAILED -> 0xED4245;
        };
    }

    /** Markdown goes out as written; plain text is escaped so it shows as written, unless that outgrows a message. */
    static String content(OutgoingText text) {
        if (text.format() == OutgoingText.Format.MARKDOWN) {
            return text.text();
        }
        String escaped = MarkdownSanitizer.escape(text.text());
        return escaped.length() <= MAX_TEXT_LENGTH ? escaped : text.text();
    }

    static String caption(String caption) {
        return escapedWithin(caption, MAX_TEXT_LENGTH);
    }

    /** Escaped so it shows as written; when escaping outgrows {@code max}, the raw text shortened instead. */
    private static String escapedWithin(String text, int max) {
        String escaped = MarkdownSanitizer.escape(text);
        return escaped.length() <= max ? escaped : shortened(text, max);
    }

    private static String shortened(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /**
     * The core's rows become action rows. Discord allows 5 buttons per row, 5 rows and 80-character labels: longer
     * rows are wrapped, and when that makes more than 5 rows all buttons are repacked 5 to a row (at most 25).
     */
    static List<ActionRow> actionRows(List<List<Button>> rows) {
        List<List<Button>> wrapped =
                rows.stream().flatMap(row -> chunk(row).stream()).toList();
        if (wrapped.size() > MAX_ROWS) {
            wrapped = chunk(rows.stream()
                    .flatMap(List::stream)
                    .limit((long) MAX_ROWS * MAX_PER_ROW)
                    .toList());
        }
        return wrapped.stream()
                .map(row -> ActionRow.of(row.stream()
                        .map(button -> net.dv8tion.jda.api.components.buttons.Button.secondary(
                                button.key(),
                                button.text().length() <= MAX_LABEL
                                        ? button.text()
                                        : button.text().substring(0, MAX_LABEL - 1) + "…"))
                        .toList()))
                .toList();
    }

    private static List<List<Button>> chunk(List<Button> row) {
        List<List<Button>> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < row.size(); i += MAX_PER_ROW) {
            chunks.add(row.subList(i, Math.min(row.size(), i + MAX_PER_ROW)));
        }
        return chunks;
    }
}
