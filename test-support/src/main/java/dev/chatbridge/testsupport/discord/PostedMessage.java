package dev.chatbridge.testsupport.discord;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A message as the fake Discord holds it now: its content, every content it had (first post, then each edit),
 * its action rows, its embeds now and as first posted and then set by each edit, uploaded file names, the message it replies to, flags (64 ephemeral) and whether it was deleted.
 */
public record PostedMessage(
        String id,
        String channelId,
        String authorId,
        String content,
        List<String> history,
        JsonNode components,
        JsonNode embeds,
        List<JsonNode> embedHistory,
        List<String> attachments,
        @Nullable String replyTo,
        int flags,
        boolean deleted) {

    /** The custom_ids of the buttons, row by row. */
    public List<List<String>> buttonKeys() {
        return components
                .valueStream()
                .map(row -> row.path("components")
                        .valueStream()
                        .map(b -> b.path("custom_id").asString(""))
                        .toList())
                .toList();
    }

    /** The labels of the buttons, row by row. */
    public List<List<String>> buttonLabels() {
        return components
                .valueStream()
                .map(row -> row.path("components")
                        .valueStream()
                        .map(b -> b.path("label").asString(""))
                        .toList())
                .toList();
    }

    /** The urls of the link buttons (style 5), row by row; other buttons give empty strings. */
    public List<List<String>> buttonUrls() {
        return components
                .valueStream()
                .map(row -> row.path("components")
                        .valueStream()
                        .map(b -> b.path("style").asInt() == MessageLimits.LINK_STYLE
                                ? b.path("url").asString("")
                                : "")
                        .toList())
                .toList();
    }

    /** The first embed's title, description and color now; empty strings and 0 when there is none. */
    public String embedTitle() {
        return embeds.path(0).path("title").asString("");
    }

    public String embedDescription() {
        return embeds.path(0).path("description").asString("");
    }

    public int embedColor() {
        return embeds.path(0).path("color").asInt(0);
    }

    /** The first embed's description in each version that had embeds, oldest first. */
    public List<String> embedDescriptions() {
        return embedHistory.stream()
                .filter(version -> !version.isEmpty())
                .map(version -> version.path(0).path("description").asString(""))
                .toList();
    }

    public boolean ephemeral() {
        return (flags & 64) != 0;
    }
}
