package dev.chatbridge.testsupport.openai;

import com.sun.net.httpserver.HttpExchange;
import dev.chatbridge.testsupport.common.Json;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import dev.chatbridge.testsupport.common.TestImages;
import java.io.IOException;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The images API of {@link FakeOpenAiServer}: OpenAI's {@code POST /v1/images/generations} or g4f's
 * {@code POST /v1/images/generate}, whichever is enabled (the other answers 404), returning {@code b64_json} or a
 * {@code url} on the fake itself ({@code /files/...}, served without a key, like a CDN).
 */
final class FakeImagesApi {

    /** Which images route the fake gateway serves. */
    enum Route {
        GENERATIONS("/v1/images/generations"),
        GENERATE("/v1/images/generate"),
        NONE("");

        final String path;

        Route(String path) {
            this.path = path;
        }
    }

    volatile Route route = Route.GENERATIONS;
    volatile boolean asUrl;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> requestPaths = new CopyOnWriteArrayList<>();
    final List<byte[]> served = new CopyOnWriteArrayList<>();
    final Deque<String> refusals = new ConcurrentLinkedDeque<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    static boolean isImagesPath(String path) {
        return path.startsWith("/v1/images/");
    }

    boolean serveFile(HttpExchange exchange, String path) throws IOException {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            return false;
        }
        LocalHttpServer.sendBytes(exchange, 200, "image/png", bytes, Map.of());
        return true;
    }

    void handle(HttpExchange exchange, String path, byte[] rawBody, String baseUrl) throws IOException {
        requestPaths.add(path);
        if (route == Route.NONE || !path.equals(route.path)) {
            FakeOpenAiServer.sendError(exchange, 404, "Invalid URL (POST " + path + ")", "invalid_request_error", null);
            return;
        }
        JsonNode body;
        try {
            body = Json.parse(rawBody);
        } catch (RuntimeException e) {
            FakeOpenAiServer.sendError(
                    exchange, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
            return;
        }
        requests.add(body);
        String prompt = body.path("prompt").asString("");
        if (prompt.isBlank()) {
            FakeOpenAiServer.sendError(exchange, 400, "'prompt' is a required property", "invalid_request_error", null);
            return;
        }
        String refusal = refusals.poll();
        if (refusal != null) {
            FakeOpenAiServer.sendError(
                    exchange, 400, refusal, "image_generation_user_error", "content_policy_violation");
            return;
        }
        byte[] image = TestImages.png(prompt + "#" + next.incrementAndGet(), 48);
        served.add(image);
        ObjectNode answer = Json.object();
        answer.put("created", System.currentTimeMillis() / 1000);
        ObjectNode item = answer.putArray("data").addObject();
        if (asUrl) {
            String file = "/files/img-" + next.get() + ".png";
            files.put(file, image);
            item.put("url", baseUrl + file);
        } else {
            item.put("b64_json", Base64.getEncoder().encodeToString(image));
        }
        item.put("revised_prompt", "A picture of " + prompt);
        LocalHttpServer.sendJson(exchange, 200, answer, Map.of());
    }
}
