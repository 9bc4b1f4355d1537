package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Telegram's checks of what a message carries: text after its parse mode, and inline keyboards. */
final class MessageContent {
    static final int MAX_TEXT = 4096;
    static final int MAX_CAPTION = 1024;
    private static final int MAX_CALLBACK_DATA_BYTES = 64;
    private static final int MAX_PLACEHOLDER = 64;
    private static final String[] BUTTON_ACTIONS = {
        "url",
        "callback_data",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "web_app",
        "copy_text",
        "login_url",
        "pay",
        "callback_game"
    };

    private MessageContent() {}

    /** Message text: required, and at most 4096 characters once the parse mode has been applied. */
    static FormattedText text(String raw, @Nullable String parseMode, @Nullable JsonNode entities) {
        if (raw.isBlank()) {
            throw BotApiError.badRequest("message text is empty");
        }
        FormattedText formatted = format(raw, parseMode, entities);
        if (formatted.text().isBlank()) {
            throw BotApiError.badRequest("message text is empty");
        }
        if (formatted.text().length() > MAX_TEXT) {
            throw BotApiError.badRequest("message is too long");
        }
        return formatted;
    }

    /** A photo caption: optional, at most 1024 characters once parsed. */
    static FormattedText caption(String raw, @Nullable String parseMode, @Nullable JsonNode entities) {
        FormattedText caption = raw.isEmpty() ? new FormattedText("", Json.array()) : format(raw, parseMode, entities);
        if (caption.text().length() > MAX_CAPTION) {
            throw BotApiError.badRequest("message caption is too long");
        }
        return caption;
    }

    static FormattedText format(String raw, @Nullable String parseMode, @Nullable JsonNode entities) {
        if (parseMode == null || parseMode.isBlank()) {
            ArrayNode given = entities instanceof ArrayNode array ? array.deepCopy() : Json.array();
            return new FormattedText(raw, given);
        }
        return switch (parseMode.toLowerCase(Locale.ROOT)) {
            case "html" -> HtmlEntitiesParser.parse(raw);
            case "markdownv2" -> MarkdownEntitiesParser.parseV2(raw);
            case "markdown" -> MarkdownEntitiesParser.parseLegacy(raw);
            default -> throw BotApiError.badRequest("unsupported parse_mode");
        };
    }

    /** The {@code reply_markup} to store, after checking its inline buttons. */
    static @Nullable JsonNode markup(MethodParams params) {
        JsonNode markup = params.json("reply_markup");
        if (markup == null) {
            return null;
        }
        if (markup.path("force_reply").asBoolean(false)
                && markup.path("input_field_placeholder").asString("").length() > MAX_PLACEHOLDER) {
            throw BotApiError.badRequest("REPLY_MARKUP_INVALID");
        }
        // Private chats have positive ids; Web App buttons work only there.
        boolean privateChat = params.chatIdOrZero() > 0;
        for (JsonNode row : markup.path("inline_keyboard")) {
            for (JsonNode button : row) {
                checkButton(button, privateChat);
            }
        }
        return markup.deepCopy();
    }

    private static void checkButton(JsonNode button, boolean privateChat) {
        if (button.hasNonNull("web_app")) {
            if (!button.get("web_app").path("url").asString("").startsWith("https://")) {
                throw BotApiError.badRequest("BUTTON_URL_INVALID");
            }
            if (!privateChat) {
                throw BotApiError.badRequest("BUTTON_TYPE_INVALID");
            }
            return;
        }
        if (button.hasNonNull("callback_data")) {
            int bytes = button.get("callback_data").asString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) {
                throw BotApiError.badRequest("BUTTON_DATA_INVALID");
            }
            return;
        }
        for (String action : BUTTON_ACTIONS) {
            if (button.hasNonNull(action)) {
                return;
            }
        }
        throw BotApiError.badRequest("text buttons are unallowed in the inline keyboard");
    }
}
