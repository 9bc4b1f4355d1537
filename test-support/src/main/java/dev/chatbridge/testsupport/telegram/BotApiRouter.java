package dev.chatbridge.testsupport.telegram;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.chatbridge.testsupport.common.Json;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code /bot<token>/<method>}: checks the token, applies injected failures and flood control, runs the
 * method and records the call. Method names match case-insensitively, as TelegramBots lowercases most of them.
 */
final class BotApiRouter implements HttpHandler {
    private static final Pattern PATH = Pattern.compile("^/bot([^/]+)/([A-Za-z0-9_]+)/?$");
    /** File downloads: {@code /file/bot<token>/<file_path>}. */
    private static final Pattern FILE = Pattern.compile("^/file/bot([^/]+)/(.+)$");
    /** Calls that put text in a chat; Telegram rate-limits them per chat, edits included. */
    private static final Set<String> FLOOD_LIMITED = Set.of(
            "sendmessage",
            "editmessagetext",
            "editmessagereplymarkup",
            "sendmessagedraft",
            "sendphoto",
            "editmessagemedia",
            "editmessagecaption");

    private final ServerState state;
    private final Map<String, Route> routes = new HashMap<>();

    @FunctionalInterface
    private interface Method {
        JsonNode call(MethodParams params) throws InterruptedException;
    }

    private record Route(String name, Method method) {}

    BotApiRouter(ServerState state) {
        this.state = state;
        BotMethods bot = new BotMethods(state);
        MessageMethods messages = new MessageMethods(state);
        add("getMe", params -> bot.getMe());
        add("getUpdates", bot::getUpdates);
        add("setWebhook", bot::setWebhook);
        add("deleteWebhook", bot::deleteWebhook);
        add("getWebhookInfo", params -> bot.getWebhookInfo());
        add("sendChatAction", bot::sendChatAction);
        add("setMyCommands", bot::setMyCommands);
        add("getMyCommands", bot::getMyCommands);
        add("deleteMyCommands", bot::deleteMyCommands);
        add("answerCallbackQuery", bot::answerCallbackQuery);
        add("getChatMember", bot::getChatMember);
        add("sendMessage", messages::sendMessage);
        add("editMessageText", messages::editMessageText);
        add("editMessageReplyMarkup", messages::editMessageReplyMarkup);
        add("sendMessageDraft", messages::sendMessageDraft);
        add("sendPhoto", messages::sendPhoto);
        add("editMessageMedia", messages::editMessageMedia);
        add("editMessageCaption", messages::editMessageCaption);
        add("deleteMessage", messages::deleteMessage);
        add("getFile", state.files::getFile);
    }

    private void add(String name, Method method) {
        routes.put(name.toLowerCase(Locale.ROOT), new Route(name, method));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Matcher file = FILE.matcher(exchange.getRequestURI().getPath());
        if (file.matches()) {
            downloadFile(exchange, file.group(1), file.group(2));
            return;
        }
        try (exchange) {
            Instant receivedAt = Instant.now();
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            String requested =
                    path.matches() ? path.group(2) : exchange.getRequestURI().getPath();
            String key = requested.toLowerCase(Locale.ROOT);
            Route route = path.matches() && !state.missingMethods.contains(key) ? routes.get(key) : null;
            String method = route == null ? requested : route.name();
            MethodParams params = new MethodParams(Json.object());
            try {
                params = RequestReader.read(exchange);
                if (!path.matches()) {
                    throw new BotApiError(404, "Not Found", null, false);
                }
                if (!state.token.equals(path.group(1))) {
                    throw new BotApiError(401, "Unauthorized", null, false);
                }
                if (route == null) {
                    throw new BotApiError(404, "Not Found", null, false);
                }
                JsonNode result = invoke(route, params);
                ObjectNode body = Json.object();
                body.put("ok", true);
                body.set("result", result);
                record(method, params, receivedAt, 200, null);
                LocalHttpServer.sendJson(exchange, 200, body, Map.of());
            } catch (BotApiError error) {
                record(method, params, receivedAt, error.status, error.description);
                sendError(exchange, error);
            } catch (InterruptedException e) {
                // The server is closing.
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                BotApiError error = new BotApiError(500, "Internal Server Error: " + e, null, false);
                record(method, params, receivedAt, 500, error.description);
                sendError(exchange, error);
            }
        }
    }

    /** Serves a file's bytes, as Telegram's file server does; recorded as a {@code downloadFile} call. */
    private void downloadFile(HttpExchange exchange, String token, String path) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            UserFiles.StoredFile stored = state.token.equals(token) ? state.files.byPath(path) : null;
            ObjectNode params = Json.object();
            params.put("file_path", path);
            int status = stored == null ? 404 : 200;
            state.calls.add(
                    new ApiCall("downloadFile", 0, params, Instant.now(), status, stored == null ? "Not Found" : null));
            if (stored == null) {
                LocalHttpServer.sendBytes(
                        exchange,
                        404,
                        "text/plain",
                        "Not Found".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Map.of());
            } else {
                LocalHttpServer.sendBytes(exchange, 200, "application/octet-stream", stored.bytes(), Map.of());
            }
        }
    }

    private JsonNode invoke(Route route, MethodParams params) throws InterruptedException {
        String key = route.name().toLowerCase(Locale.ROOT);
        long chatId = params.chatIdOrZero();
        if (key.equals("getupdates")) {
            // The long poll must not hold the lock, or no update could be sent while it waits.
            failIfInjected(route.name(), params);
            return route.method().call(params);
        }
        state.lock.lock();
        try {
            failIfInjected(route.name(), params);
            Long supergroup = chatId == 0 ? null : state.migratedChats.get(chatId);
            if (supergroup != null) {
                throw BotApiError.migrated(supergroup);
            }
            String forbidden = chatId == 0 ? null : state.forbiddenChats.get(chatId);
            if (forbidden != null) {
                throw new BotApiError(403, forbidden, null, false);
            }
            Instant now = Instant.now();
            boolean limited = FLOOD_LIMITED.contains(key) && chatId != 0;
            if (chatId != 0) {
                state.flood.checkWindow(chatId, now);
            }
            if (limited) {
                state.flood.checkSpacing(chatId, now);
            }
            JsonNode result = route.method().call(params);
            if (limited) {
                state.flood.accepted(chatId, now);
            }
            return result;
        } finally {
            state.lock.unlock();
        }
    }

    private void failIfInjected(String method, MethodParams params) {
        long chatId = params.chatIdOrZero();
        // Telegram only fails to parse entities in text that asks to be parsed: a plain call goes through.
        boolean formatted = params.string("parse_mode") != null;
        BotApiError failure = state.takeFailure(method, formatted);
        if (failure == null) {
            return;
        }
        if (failure.status == 429 && failure.retryAfter != null && chatId != 0) {
            state.flood.announce(chatId, failure.retryAfter, Instant.now());
        }
        throw failure;
    }

    private void record(
            String method, MethodParams params, Instant receivedAt, int status, @Nullable String description) {
        state.calls.add(new ApiCall(method, params.chatIdOrZero(), params.node(), receivedAt, status, description));
    }

    private static void sendError(HttpExchange exchange, BotApiError error) throws IOException {
        ObjectNode body = Json.object();
        body.put("ok", false);
        body.put("error_code", error.status);
        body.put("description", error.description);
        Map<String, String> headers = Map.of();
        if (error.migrateToChatId != null) {
            body.putObject("parameters").put("migrate_to_chat_id", error.migrateToChatId);
        }
        if (error.retryAfter != null) {
            if (error.retryAfterHeaderOnly) {
                headers = Map.of("Retry-After", String.valueOf(error.retryAfter));
            } else {
                body.putObject("parameters").put("retry_after", error.retryAfter);
            }
        }
        LocalHttpServer.sendJson(exchange, error.status, body, headers);
    }
}
