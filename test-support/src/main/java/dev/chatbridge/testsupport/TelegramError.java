package dev.chatbridge.testsupport;

import org.jspecify.annotations.Nullable;

/** A Bot API error reply, thrown by a method and written by the router as {@code {"ok":false,...}}. */
final class TelegramError extends RuntimeException {
    final int status;
    final String description;
    final @Nullable Integer retryAfter;
    /** Like some proxies: only a {@code Retry-After} header, no {@code parameters} in the body. */
    final boolean retryAfterHeaderOnly;

    TelegramError(int status, String description, @Nullable Integer retryAfter, boolean retryAfterHeaderOnly) {
        super(status + " " + description, null, false, false);
        this.status = status;
        this.description = description;
        this.retryAfter = retryAfter;
        this.retryAfterHeaderOnly = retryAfterHeaderOnly;
    }

    static TelegramError badRequest(String detail) {
        return new TelegramError(400, "Bad Request: " + detail, null, false);
    }

    static TelegramError tooManyRequests(int retryAfterSeconds) {
        return new TelegramError(429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds, false);
    }

    static TelegramError conflict(String detail) {
        return new TelegramError(409, "Conflict: " + detail, null, false);
    }

    static TelegramError cantParse(String reason) {
        return badRequest("can't parse entities: " + reason);
    }
}
