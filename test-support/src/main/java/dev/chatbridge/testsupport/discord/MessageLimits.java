package dev.chatbridge.testsupport.discord;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Discord's limits on what a message may hold (shared/WIRE.md); each violation is one line of the 400 reply. */
final class MessageLimits {

    static final int MAX_CONTENT = 2000;
    static final int MAX_CUSTOM_ID = 100;
    static final int MAX_LABEL = 80;
    static final int MAX_URL = 512;
    static final int MAX_ROWS = 5;
    /** A link button: it opens its url in the browser, and pressing it sends the bot no interaction. */
    static final int LINK_STYLE = 5;

    static final int MAX_PER_ROW = 5;
    static final int MAX_EMBEDS = 10;
    static final int MAX_EMBED_TITLE = 256;
    static final int MAX_EMBED_DESCRIPTION = 4096;
    static final int MAX_EMBEDS_TOTAL = 6000;

    private MessageLimits() {}

    static List<String> violations(JsonNode body) {
        List<String> problems = new ArrayList<>();
        String content = body.path("content").asString("");
        if (content.length() > MAX_CONTENT) {
            problems.add("content: Must be " + MAX_CONTENT + " or fewer in length.");
        }
        JsonNode rows = body.path("components");
        if (rows.size() > MAX_ROWS) {
            problems.add("components: Must be " + MAX_ROWS + " or fewer in length.");
        }
        for (int r = 0; r < rows.size(); r++) {
            JsonNode row = rows.get(r);
            if (row.path("type").asInt() != 1) {
                problems.add("components." + r + ".type: top-level components must be action rows");
                continue;
            }
            JsonNode buttons = row.path("components");
            if (buttons.isEmpty() || buttons.size() > MAX_PER_ROW) {
                problems.add("components." + r + ".components: Must be between 1 and " + MAX_PER_ROW + " in length.");
            }
            for (int b = 0; b < buttons.size(); b++) {
                JsonNode button = buttons.get(b);
                String at = "components." + r + ".components." + b;
                String customId = button.path("custom_id").asString("");
                if (button.path("style").asInt() == LINK_STYLE) {
                    link(problems, at, button);
                } else {
                    if (customId.isEmpty() || customId.length() > MAX_CUSTOM_ID) {
                        problems.add(at + ".custom_id: Must be between 1 and " + MAX_CUSTOM_ID + " in length.");
                    }
                    if (button.has("url")) {
                        problems.add(at + ".url: A url cannot be set for this button style.");
                    }
                }
                if (button.path("label").asString("").length() > MAX_LABEL) {
                    problems.add(at + ".label: Must be " + MAX_LABEL + " or fewer in length.");
                }
            }
        }
        JsonNode embeds = body.path("embeds");
        if (embeds.size() > MAX_EMBEDS) {
            problems.add("embeds: Must be " + MAX_EMBEDS + " or fewer in length.");
        }
        int embedsTotal = 0;
        for (int e = 0; e < embeds.size(); e++) {
            JsonNode embed = embeds.get(e);
            int title = embed.path("title").asString("").length();
            int description = embed.path("description").asString("").length();
            if (title > MAX_EMBED_TITLE) {
                problems.add("embeds." + e + ".title: Must be " + MAX_EMBED_TITLE + " or fewer in length.");
            }
            if (description > MAX_EMBED_DESCRIPTION) {
                problems.add("embeds." + e + ".description: Must be " + MAX_EMBED_DESCRIPTION + " or fewer in length.");
            }
            embedsTotal += title + description;
        }
        if (embedsTotal > MAX_EMBEDS_TOTAL) {
            problems.add("embeds: Embed size exceeds maximum size of " + MAX_EMBEDS_TOTAL);
        }
        return problems;
    }

    /** A link button has a url (http or https, at most 512 characters) and no custom_id. */
    private static void link(List<String> problems, String at, JsonNode button) {
        if (button.has("custom_id")) {
            problems.add(at + ".custom_id: A custom id cannot be set for this button style.");
        }
        String url = button.path("url").asString("");
        if (url.isEmpty() || url.length() > MAX_URL) {
            problems.add(at + ".url: Must be between 1 and " + MAX_URL + " in length.");
        } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
            problems.add(at + ".url: Scheme must be one of ('http', 'https').");
        }
    }
}
