package dev.chatbridge.telegram;

import dev.chatbridge.core.delivery.DeliveryException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/** Reads the Bot API's error replies into the core's delivery outcomes. */
final class TelegramFailures {

    /** Telegram promises a retry_after; if a proxy drops it, wait a safe while. */
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private TelegramFailures() {}

    /** Null when the "error" means success ("message is not modified": the text is already shown). */
    static @Nullable DeliveryException translate(TelegramApiException error, boolean withMarkup) {
        if (!(error instanceof TelegramApiRequestException request)) {
            return new DeliveryException.Failed("Telegram unreachable: " + error.getMessage());
        }
        int code = request.getErrorCode() == null ? 0 : request.getErrorCode();
        String description =
                request.getApiResponse() == null ? String.valueOf(request.getMessage()) : request.getApiResponse();
        String lower = description.toLowerCase();
        if (code == 429) {
            Integer seconds = request.getParameters() == null
                    ? null
                    : request.getParameters().getRetryAfter();
            Duration retryAfter = seconds == null ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(seconds);
            return new DeliveryException.RateLimited(retryAfter, description);
        }
        if (code == 403) {
            // "bot was blocked by the user", "user is deactivated", "bot was kicked from the group chat":
            // every call to this chat fails until the user changes it.
            return new DeliveryException.ChatGone(description);
        }
        if (lower.contains("message is not modified")) {
            return null;
        }
        if (withMarkup && (lower.contains("can't parse entities") || lower.contains("message is too long"))) {
            return new DeliveryException.MarkupRejected(description);
        }
        if (lower.contains("message to edit not found") || lower.contains("message can't be edited")) {
            return new DeliveryException.MessageGone(description);
        }
        return new DeliveryException.Failed("Telegram " + code + ": " + description);
    }
}
