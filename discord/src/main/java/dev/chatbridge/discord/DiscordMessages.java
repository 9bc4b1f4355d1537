package dev.chatbridge.discord;

import dev.chatbridge.core.delivery.OutgoingText;
import java.util.EnumSet;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.MarkdownSanitizer;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * What the core's texts look like as Discord messages, whether they go out through a channel or an interaction.
 * Discord renders Markdown itself, so the model's Markdown goes out as written; plain text is escaped so that it
 * shows as written. Nobody is pinged by what the model writes. A status text (e.g. /imagine progress) becomes an
 * embed titled with the job and coloured by its stage, with no content beside it.
 */
final class DiscordMessages {

    static final int MAX_TEXT_LENGTH = 2000;
    static final EnumSet<Message.MentionType> NO_PINGS = EnumSet.noneOf(Message.MentionType.class);

    private DiscordMessages() {}

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

    /** An edit to a status embed that shows the attached picture {@code pictureName} as its image. */
    static MessageEditData editData(OutgoingText status, String pictureName) {
        if (status.status() == null) {
            return editData(status);
        }
        MessageEmbed embed = embed(status, status.status());
        return new MessageEditBuilder()
                .setAllowedMentions(NO_PINGS)
                .setContent("")
                .setEmbeds(new EmbedBuilder(embed)
                        .setImage("attachment://" + pictureName)
                        .build())
                .build();
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
}
