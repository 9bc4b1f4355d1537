package dev.chatbridge.testsupport;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A message as the fake Discord holds it now: its content, every content it had (first post, then each edit),
 * its action rows, uploaded file names, the message it replies to, flags (64 ephemeral) and whether it was deleted.
 */
public record DiscordMessage(
        String id,
        String channelId,
        String authorId,
        String content,
        List<String> history,
        JsonNode components,
        JsonNode embeds,
        List<String> attachments,
        @Nullable String replyTo,
        int flags,
        boolean deleted) {

    /** The custom_ids of the buttons, row by row. */
    public List<List<String>> buttonKeys() {
        return components.valueStream()
                .map(row -> row.path("components").valueStream().map(b -> b.path("custom_id").asString("")).toList())
                .toList();
    }

    /** The labels of the buttons, row by row. */
    public List<List<String>> buttonLabels() {
        return components.valueStream()
                .map(row -> row.path("components").valueStream().map(b -> b.path("label").asString("")).toList())
                .toList();
    }

    public boolean ephemeral() {
        return (flags & 64) != 0;
    }
}
