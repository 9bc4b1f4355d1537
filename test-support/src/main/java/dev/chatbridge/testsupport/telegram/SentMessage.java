package dev.chatbridge.testsupport.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A bot message as it currently stands in a chat of the fake Telegram.
 *
 * @param text the visible text, after the parse mode was applied (the caption for a photo)
 * @param rawText the text exactly as the bot sent it
 * @param parseMode the parse mode of the latest send or edit, null for plain text
 * @param editCount how many successful edits the message received
 * @param replyMarkup the current {@code reply_markup}, null when there is none (an edit without one removes it)
 * @param photo whether this is a photo message
 * @param threadId the forum topic the message is in, null outside topics (and in General)
 */
public record SentMessage(
        int messageId,
        long chatId,
        String text,
        String rawText,
        @Nullable String parseMode,
        int editCount,
        @Nullable Integer replyToMessageId,
        @Nullable JsonNode replyMarkup,
        boolean photo,
        @Nullable Integer threadId) {

    public SentMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(rawText, "rawText");
    }

    /** The {@code callback_data} of every inline button, row by row. */
    public List<String> callbackData() {
        List<String> data = new ArrayList<>();
        if (replyMarkup != null) {
            for (JsonNode row : replyMarkup.path("inline_keyboard")) {
                for (JsonNode button : row) {
                    if (button.hasNonNull("callback_data")) {
                        data.add(button.get("callback_data").asString());
                    }
                }
            }
        }
        return data;
    }
}
