package dev.chatbridge.testsupport.telegram;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One Bot API call the fake received.
 *
 * @param method the canonical method name ({@code sendMessage}), whatever case the client used
 * @param chatId the {@code chat_id} parameter, or 0 when the call names no chat
 * @param params every parameter, from the query, a JSON body or a form (form values are strings)
 * @param httpStatus the status the fake answered with
 * @param errorDescription the {@code description} of an error reply, null on success
 */
public record ApiCall(
        String method,
        long chatId,
        JsonNode params,
        Instant receivedAt,
        int httpStatus,
        @Nullable String errorDescription) {

    public ApiCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public boolean succeeded() {
        return httpStatus == 200;
    }

    /** A parameter as text (numbers and booleans included), or null when absent. */
    public @Nullable String param(String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isContainer() ? value.toString() : value.asString();
    }
}
