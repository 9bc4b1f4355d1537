package dev.chatbridge.telegram;

import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.observe.PlatformStartException;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/** Reads the Bot API's error replies into the core's delivery outcomes. */
final class TelegramFailures {

    /** Telegram promises a retry_after; if a proxy drops it, wait a safe while. */
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private TelegramFailures() {}

    /**
     * Sorts a failure to start: 401 or 404 on the bot's own calls means Telegram does not know the token; a network
     * failure (the cause chain holds an IOException: refused, DNS, timeout, a proxy's garbled answer), 429 or 5xx
     * means it could not be reached; anything else (a misconfiguration that stops the start) is null.
     */
    static @Nullable PlatformStartException startFailure(TelegramApiException error) {
        if (error instanceof TelegramApiRequestException request && request.getErrorCode() != null) {
            int code = request.getErrorCode();
            String answer = code + " " + (request.getApiResponse() == null ? "" : request.getApiResponse());
            if (code == 401 || code == 404) {
                return new PlatformStartException.TokenRejected(
                        "Telegram rejected the bot token (" + answer.strip() + "): check TELEGRAM_BOT_TOKEN"
                                + (code == 404 ? " and that TELEGRAM_API_URL points at a Bot API server" : ""),
                        error);
            }
            if (code == 429 || code >= 500) {
                return new PlatformStartException.Unreachable("the Bot API answered " + answer.strip(), error);
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                // OkHttp's messages here name the host or address, never the path (which holds the token).
                return new PlatformStartException.Unreachable(
                        "cannot reach the Bot API (" + io.getClass().getSimpleName()
                                + (io.getMessage() == null ? "" : ": " + io.getMessage()) + ")",
                        error);
            }
        }
        return null;
    }

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
