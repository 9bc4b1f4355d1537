package dev.chatbridge.core.upstream.openai;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the JSON a gateway answers outside the chat stream (images, transcriptions), errors included. */
final class GatewayReplies {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ERROR_CHARS = 300;

    private GatewayReplies() {}

    /** The body as JSON, or null when it is none (an HTML error page from a proxy, say). */
    static @Nullable JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The gateway's own error message ({@code error.message}, or {@code error} as a string, as some
     * gateways send it), cut to a length a user can read; {@code fallback} when it gave none.
     */
    static String errorMessage(@Nullable JsonNode body, String fallback) {
        String message = null;
        if (body != null) {
            JsonNode error = body.path("error");
            message = error.isObject()
                    ? error.path("message").asString(null)
                    : error.isString() ? error.asString() : null;
        }
        if (message == null || message.isBlank()) {
            message = fallback;
        }
        return message.length() > MAX_ERROR_CHARS ? message.substring(0, MAX_ERROR_CHARS) + "…" : message;
    }
}
