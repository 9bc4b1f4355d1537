package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parameters of one Bot API call. JSON bodies carry typed values, forms carry strings, so every accessor
 * accepts both.
 */
record MethodParams(ObjectNode node) {

    @Nullable
    String string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isContainer() ? Json.text(value) : value.asString();
    }

    @Nullable
    Long longValue(String name) {
        String value = string(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Nullable
    Integer intValue(String name) {
        Long value = longValue(name);
        return value == null ? null : Math.toIntExact(value);
    }

    int intValue(String name, int fallback) {
        Integer value = intValue(name);
        return value == null ? fallback : value;
    }

    boolean bool(String name) {
        return "true".equalsIgnoreCase(string(name));
    }

    /** An object or array parameter; forms send those as JSON text. */
    @Nullable
    JsonNode json(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isContainer()) {
            return value;
        }
        String text = value.asString().trim();
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                return Json.parse(text);
            } catch (RuntimeException e) {
                throw BotApiError.badRequest("can't parse " + name + " JSON object");
            }
        }
        return null;
    }

    /** The chat id, or 0 when the call names no chat (ApiCall records it that way). */
    long chatIdOrZero() {
        Long chatId = longValue("chat_id");
        return chatId == null ? 0 : chatId;
    }

    long requireChatId() {
        String raw = string("chat_id");
        if (raw == null || raw.isBlank()) {
            throw BotApiError.badRequest("chat_id is empty");
        }
        Long chatId = longValue("chat_id");
        if (chatId == null || chatId == 0) {
            throw BotApiError.badRequest("chat not found");
        }
        return chatId;
    }
}
