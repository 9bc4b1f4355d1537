package dev.chatbridge.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
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
final class TelegramRouter implements HttpHandler {
    private static final Pattern PATH = Pattern.compile("^/bot([^/]+)/([A-Za-z0-9_]+)/?$");
    /** File downloads: {@code /file/bot<token>/<file_path>}. */
    private static final Pattern FILE = Pattern.compile("^/file/bot([^/]+)/(.+)$");
    /** Calls that put text in a chat; Telegram rate-limits them per chat, edits included. */
    private static final Set<String> FLOOD_LIMITED =
            Set.of("sendmessage", "editmessagetext", "editmessagereplymarkup", "sendmessagedraft", "sendphoto");

    private final TelegramState state;
    private final Map<String, Route> routes = new HashMap<>();

    @FunctionalInterface
    private interface Method {
        JsonNode call(TelegramParams params) throws InterruptedException;
    }

    private record Route(String name, Method method) {}

    TelegramRouter(TelegramState state) {
        this.state = state;
        TelegramBotMethods bot = new TelegramBotMethods(state);
        TelegramMessageMethods messages = new TelegramMessageMethods(state);
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
        add("sendMessage", messages::sendMessage);
        add("editMessageText", messages::editMessageText);
        add("editMessageReplyMarkup", messages::editMessageReplyMarkup);
        add("sendMessageDraft", messages::sendMessageDraft);
        add("sendPhoto", messages::sendPhoto);
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
            TelegramParams params = new TelegramParams(Json.object());
            try {
                params = TelegramRequestReader.read(exchange);
                if (!path.matches()) {
                    throw new TelegramError(404, "Not Found", null, false);
                }
                if (!state.token.equals(path.group(1))) {
                    throw new TelegramError(401, "Unauthorized", null, false);
                }
                if (route == null) {
                    throw new TelegramError(404, "Not Found", null, false);
                }
                JsonNode result = invoke(route, params);
                ObjectNode body = Json.object();
                body.put("ok", true);
                body.set("result", result);
                record(method, params, receivedAt, 200, null);
                LocalHttpServer.sendJson(exchange, 200, body, Map.of());
            } catch (TelegramError error) {
                record(method, params, receivedAt, error.status, error.description);
                sendError(exchange, error);
            } catch (InterruptedException e) {
                // The server is closing.
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                TelegramError error = new TelegramError(500, "Internal Server Error: " + e, null, false);
                record(method, params, receivedAt, 500, error.description);
                sendError(exchange, error);
            }
        }
    }

    /** Serves a file's bytes, as Telegram's file server does; recorded as a {@code downloadFile} call. */
    private void downloadFile(HttpExchange exchange, String token, String path) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            TelegramFileStore.StoredFile stored = state.token.equals(token) ? state.files.byPath(path) : null;
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

    private JsonNode invoke(Route route, TelegramParams params) throws InterruptedException {
        String key = route.name().toLowerCase(Locale.ROOT);
        long chatId = params.chatIdOrZero();
        if (key.equals("getupdates")) {
            // The long poll must not hold the lock, or no update could be sent while it waits.
            failIfInjected(route.name(), chatId);
            return route.method().call(params);
        }
        state.lock.lock();
        try {
            failIfInjected(route.name(), chatId);
            Long supergroup = chatId == 0 ? null : state.migratedChats.get(chatId);
            if (supergroup != null) {
                throw TelegramError.migrated(supergroup);
            }
            String forbidden = chatId == 0 ? null : state.forbiddenChats.get(chatId);
            if (forbidden != null) {
                throw new TelegramError(403, forbidden, null, false);
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

    private void failIfInjected(String method, long chatId) {
        TelegramError failure = state.takeFailure(method);
        if (failure == null) {
            return;
        }
        if (failure.status == 429 && failure.retryAfter != null && chatId != 0) {
            state.flood.announce(chatId, failure.retryAfter, Instant.now());
        }
        throw failure;
    }

    private void record(
            String method, TelegramParams params, Instant receivedAt, int status, @Nullable String description) {
        state.calls.add(new ApiCall(method, params.chatIdOrZero(), params.node(), receivedAt, status, description));
    }

    private static void sendError(HttpExchange exchange, TelegramError error) throws IOException {
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
