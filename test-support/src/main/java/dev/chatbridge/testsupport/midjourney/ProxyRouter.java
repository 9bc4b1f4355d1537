package dev.chatbridge.testsupport.midjourney;

import com.sun.net.httpserver.HttpExchange;
import dev.chatbridge.testsupport.common.Json;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import dev.chatbridge.testsupport.common.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The HTTP side of {@link FakeMidjourneyProxy}: auth, routes, scripted answers, failures, and what it received. */
final class ProxyRouter {

    sealed interface Scripted {}

    record ScriptedReply(int code, String description, JsonNode properties) implements Scripted {}

    record ScriptedHttpError(int status) implements Scripted {}

    /** The submit is carried out, but its answer is lost on the way back: the client gets this HTTP status. */
    record ScriptedLostAnswer(int status) implements Scripted {}

    private static final Pattern FETCH = Pattern.compile("/mj/task/([^/]+)/fetch/?");
    /** A speed mode's route prefix, as the .NET proxy serves its submit routes: {@code /mj-fast/mj/submit/...}. */
    private static final Pattern MODE = Pattern.compile("/mj-(relax|fast|turbo)(/mj/submit/.*)");

    private static final Pattern ATTACHMENT = Pattern.compile("/attachments/(\\d+)(?:_(\\d+))?\\.png");

    final Queue<Scripted> scripted = new ConcurrentLinkedQueue<>();
    final List<FakeMidjourneyProxy.Submit> submits = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> fetchCounts = new ConcurrentHashMap<>();
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicInteger failingFetches = new AtomicInteger();
    final AtomicInteger failingDownloads = new AtomicInteger();
    final AtomicInteger imageDownloads = new AtomicInteger();
    volatile int failingFetchStatus = 500;
    /** How long a finished image takes to arrive (a slow CDN); zero: at once. */
    volatile Duration slowDownload = Duration.ZERO;

    volatile boolean clockRunning;
    /** Whether the submit routes are served under the speed modes' prefixes too (else those answer 404). */
    volatile boolean speedModes;

    private final Map<String, byte[]> images = new ConcurrentHashMap<>();
    private final String apiKey;
    private final boolean actionDialect;
    private final TaskBook book;

    ProxyRouter(String apiKey, boolean actionDialect, TaskBook book) {
        this.apiKey = apiKey;
        this.actionDialect = actionDialect;
        this.book = book;
    }

    /** The finished image of a task: 64 px, 128 px for upscales. */
    byte[] image(String taskId) {
        String action =
                book.task(taskId).map(task -> task.path("action").asString("")).orElse("");
        return images.computeIfAbsent(taskId, id -> TestImages.png(id, action.equals("UPSCALE") ? 128 : 64))
                .clone();
    }

    void handle(HttpExchange exchange) {
        try (exchange) {
            route(exchange);
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String requested = exchange.getRequestURI().getPath();
        // Under a mode prefix the same submit routes answer (recorded with the prefix); without modes, 404.
        Matcher mode = MODE.matcher(requested);
        String path = mode.matches() && speedModes ? mode.group(2) : requested;
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        Matcher attachment = ATTACHMENT.matcher(path);
        if (method.equals("GET") && attachment.matches()) {
            if (failingDownloads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                springError(exchange, 503, path);
                return;
            }
            attachment(exchange, attachment.group(1), attachment.group(2));
            return;
        }
        if (!authorized(exchange)) {
            ObjectNode body = Json.object();
            body.putObject("error").put("message", "Invalid token").put("type", "new_api_error");
            LocalHttpServer.sendJson(exchange, 401, body, Map.of());
            return;
        }
        Matcher fetch = FETCH.matcher(path);
        if (method.equals("GET") && fetch.matches()) {
            fetch(exchange, fetch.group(1));
        } else if (method.equals("POST") && path.equals("/mj/submit/imagine")) {
            submit(exchange, requested, raw, book::imagine);
        } else if (method.equals("POST") && path.equals("/mj/submit/describe")) {
            submit(exchange, requested, raw, book::describe);
        } else if (method.equals("POST") && path.equals("/mj/submit/blend")) {
            submit(exchange, requested, raw, book::blend);
        } else if (method.equals("POST") && path.equals("/mj/submit/action") && actionDialect) {
            submit(exchange, requested, raw, book::action);
        } else if (method.equals("POST") && path.equals("/mj/submit/modal") && actionDialect) {
            submit(exchange, requested, raw, book::modal);
        } else if (method.equals("POST") && path.equals("/mj/submit/change")) {
            submit(exchange, requested, raw, book::change);
        } else {
            if (method.equals("POST")) {
                record(exchange, requested, parsedOrRaw(raw));
            }
            springError(exchange, 404, requested);
        }
    }

    private void submit(HttpExchange exchange, String path, byte[] raw, Function<JsonNode, ObjectNode> operation)
            throws IOException {
        JsonNode body = parseOrNull(raw);
        if (body == null || !body.isObject()) {
            record(exchange, path, parsedOrRaw(raw));
            springError(exchange, 400, path);
            return;
        }
        record(exchange, path, body);
        Scripted script = scripted.poll();
        if (script instanceof ScriptedHttpError(int status)) {
            springError(exchange, status, path);
            return;
        }
        if (script instanceof ScriptedLostAnswer(int status)) {
            operation.apply(body);
            springError(exchange, status, path);
            return;
        }
        ScriptedReply reply = (ScriptedReply) script;
        if (reply != null && reply.code() != 1 && reply.code() != 21 && reply.code() != 22) {
            ObjectNode refused = TaskBook.reply(reply.code(), reply.description(), null);
            refused.set("properties", reply.properties());
            LocalHttpServer.sendJson(exchange, 200, refused, Map.of());
            return;
        }
        ObjectNode answer = operation.apply(body);
        int code = answer.path("code").asInt(0);
        if (reply != null && (code == 1 || code == 21)) {
            answer.put("code", reply.code()).put("description", reply.description());
            ((ObjectNode) answer.path("properties")).setAll((ObjectNode) reply.properties());
        }
        LocalHttpServer.sendJson(exchange, 200, answer, Map.of());
    }

    private void fetch(HttpExchange exchange, String id) throws IOException {
        fetches.incrementAndGet();
        fetchCounts.computeIfAbsent(id, ignored -> new AtomicInteger()).incrementAndGet();
        if (failingFetches.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            springError(exchange, failingFetchStatus, exchange.getRequestURI().getPath());
            return;
        }
        byte[] body = book.fetch(id, !clockRunning).map(Json::bytes).orElse(new byte[0]);
        LocalHttpServer.sendBytes(exchange, 200, "application/json", body, Map.of());
    }

    private void attachment(HttpExchange exchange, String id, @Nullable String progress) throws IOException {
        if (!book.knows(id)) {
            LocalHttpServer.sendBytes(
                    exchange, 404, "text/plain", "Not Found".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        byte[] png = progress == null
                ? image(id)
                : images.computeIfAbsent(id + "_" + progress, name -> TestImages.png(name, 32));
        if (progress == null) {
            imageDownloads.incrementAndGet();
        }
        if (progress == null && slowDownload.isPositive()) {
            sendSlowly(exchange, png, slowDownload);
            return;
        }
        LocalHttpServer.sendBytes(exchange, 200, "image/png", png, Map.of());
    }

    /** Sends the image in ten pieces spread over {@code total}, as a slow CDN trickles it. */
    private static void sendSlowly(HttpExchange exchange, byte[] png, Duration total) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "image/png");
        exchange.sendResponseHeaders(200, png.length);
        int pieces = 10;
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < pieces; i++) {
                try {
                    Thread.sleep(total.dividedBy(pieces));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                out.write(png, png.length * i / pieces, png.length * (i + 1) / pieces - png.length * i / pieces);
                out.flush();
            }
        }
    }

    private void record(HttpExchange exchange, String path, JsonNode body) {
        submits.add(new FakeMidjourneyProxy.Submit(
                path,
                body,
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("mj-api-secret")));
    }

    private boolean authorized(HttpExchange exchange) {
        return apiKey.isBlank()
                || ("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || apiKey.equals(exchange.getRequestHeaders().getFirst("mj-api-secret"));
    }

    private static @Nullable JsonNode parseOrNull(byte[] raw) {
        try {
            return Json.parse(raw);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The body as JSON, or for a body that is not JSON, its text as a JSON string. */
    private static JsonNode parsedOrRaw(byte[] raw) {
        JsonNode parsed = parseOrNull(raw);
        return parsed != null
                ? parsed
                : Json.MAPPER.getNodeFactory().stringNode(new String(raw, StandardCharsets.UTF_8));
    }

    /** Spring Boot's error body: both proxies are Spring Boot applications. */
    private static void springError(HttpExchange exchange, int status, String path) throws IOException {
        ObjectNode body = Json.object();
        body.put("timestamp", OffsetDateTime.now().toString());
        body.put("status", status);
        body.put(
                "error",
                switch (status) {
                    case 400 -> "Bad Request";
                    case 403 -> "Forbidden";
                    case 404 -> "Not Found";
                    case 429 -> "Too Many Requests";
                    case 500 -> "Internal Server Error";
                    case 502 -> "Bad Gateway";
                    case 503 -> "Service Unavailable";
                    case 504 -> "Gateway Timeout";
                    default -> "Error";
                });
        body.put("path", path);
        LocalHttpServer.sendJson(exchange, status, body, Map.of());
    }
}
