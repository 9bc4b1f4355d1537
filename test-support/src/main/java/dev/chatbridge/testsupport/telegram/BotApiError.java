package dev.chatbridge.testsupport.telegram;

import org.jspecify.annotations.Nullable;

/** A Bot API error reply, thrown by a method and written by the router as {@code {"ok":false,...}}. */
final class BotApiError extends RuntimeException {
    final int status;
    final String description;
    final @Nullable Integer retryAfter;
    /** Like some proxies: only a {@code Retry-After} header, no {@code parameters} in the body. */
    final boolean retryAfterHeaderOnly;

    /** {@code parameters.migrate_to_chat_id}: the group became this supergroup. */
    final @Nullable Long migrateToChatId;

    BotApiError(int status, String description, @Nullable Integer retryAfter, boolean retryAfterHeaderOnly) {
        this(status, description, retryAfter, retryAfterHeaderOnly, null);
    }

    private BotApiError(
            int status,
            String description,
            @Nullable Integer retryAfter,
            boolean retryAfterHeaderOnly,
            @Nullable Long migrateToChatId) {
        super(status + " " + description, null, false, false);
        this.status = status;
        this.description = description;
        this.retryAfter = retryAfter;
        this.retryAfterHeaderOnly = retryAfterHeaderOnly;
        this.migrateToChatId = migrateToChatId;
    }

    /** What every call to a group that became a supergroup gets, as on Telegram. */
    static BotApiError migrated(long supergroupId) {
        return new BotApiError(
                400, "Bad Request: group chat was upgraded to a supergroup chat", null, false, supergroupId);
    }

    static BotApiError badRequest(String detail) {
        return new BotApiError(400, "Bad Request: " + detail, null, false);
    }

    static BotApiError tooManyRequests(int retryAfterSeconds) {
        return new BotApiError(429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds, false);
    }

    static BotApiError conflict(String detail) {
        return new BotApiError(409, "Conflict: " + detail, null, false);
    }

    static BotApiError cantParse(String reason) {
        return badRequest("can't parse entities: " + reason);
    }
}
