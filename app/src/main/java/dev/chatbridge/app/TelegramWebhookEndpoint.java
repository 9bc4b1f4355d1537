package dev.chatbridge.app;

import dev.chatbridge.telegram.TelegramBot;
import dev.chatbridge.telegram.TelegramWebhook;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The Telegram webhook as a Spring MVC route. The body is read raw, not through the app's
 * Jackson 3 converters: Telegram's types are Jackson 2, and the adapter parses them.
 */
final class TelegramWebhookEndpoint {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    /** Updates are a few kilobytes; anything far larger is not from Telegram. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    private TelegramWebhookEndpoint() {}

    /** The route, or one that matches nothing in long-polling mode. */
    static RouterFunction<ServerResponse> route(TelegramBot bot, Optional<TelegramWebhook> webhook) {
        if (webhook.isEmpty()) {
            return request -> Optional.empty();
        }
        return RouterFunctions.route()
                .POST(webhook.get().path(), request -> handle(bot, request))
                .build();
    }

    private static ServerResponse handle(TelegramBot bot, ServerRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.servletRequest().getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return ServerResponse.status(413).build();
        }
        String secret = request.headers().firstHeader(SECRET_HEADER);
        return ServerResponse.status(bot.onWebhookUpdate(secret, body).httpStatus())
                .build();
    }
}
