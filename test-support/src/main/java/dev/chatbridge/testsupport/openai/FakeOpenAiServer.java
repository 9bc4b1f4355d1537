package dev.chatbridge.testsupport.openai;

import com.sun.net.httpserver.HttpExchange;
import dev.chatbridge.testsupport.common.Await;
import dev.chatbridge.testsupport.common.Json;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake OpenAI-compatible gateway on 127.0.0.1: {@code POST /v1/chat/completions} (SSE or JSON, tool calls in
 * fragments, image parts checked like OpenAI does), {@code GET /v1/models}, and one of the two images routes. Answers come from a queue of scripted {@link Reply} values; with the queue empty it
 * streams {@code echo: <last user message>}. Like a real gateway it cuts an answer at the request's {@code max_tokens}
 * (or {@code max_completion_tokens}; 4 characters a token) and then says {@code finish_reason: "length"}.
 *
 * <pre>{@code
 * try (var ai = new FakeOpenAiServer("sk-test")) {
 *     ai.enqueue(Reply.of("Hello").lax(), Reply.of("partial answer").cutAfterChunks(2));
 *     // point the client at ai.baseUrl() (the root; the paths carry /v1)
 * }
 * }</pre>
 */
public final class FakeOpenAiServer implements AutoCloseable {
    public static final List<String> DEFAULT_MODELS =
            List.of("gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "deepseek-chat");
    private static final long MODELS_CREATED = 1_715_367_049L;

    private final String apiKey;
    private final List<String> models;
    private final Deque<Reply> queue = new ConcurrentLinkedDeque<>();
    private volatile Function<ReceivedChatRequest, Reply> policy = request -> Reply.echo();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final LocalHttpServer server;
    private final FakeImagesApi images = new FakeImagesApi();
    private final FakeTranscriptionApi transcriptions = new FakeTranscriptionApi();

    /** A request plus when its first chunk went out, which is only known later. */
    private static final class Recorded {
        final ReceivedChatRequest request;
        volatile @Nullable Instant firstChunkSentAt;

        Recorded(ReceivedChatRequest request) {
            this.request = request;
        }

        void firstChunkSent() {
            if (firstChunkSentAt == null) {
                firstChunkSentAt = Instant.now();
            }
        }

        ReceivedChatRequest snapshot() {
            return new ReceivedChatRequest(
                    request.model(), request.body(), request.messages(), request.receivedAt(), firstChunkSentAt);
        }
    }

    public FakeOpenAiServer(String apiKey) {
        this(apiKey, DEFAULT_MODELS);
    }

    public FakeOpenAiServer(String apiKey, List<String> models) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.models = List.copyOf(models);
        this.server = new LocalHttpServer(this::handle);
    }

    /** The root, e.g. {@code http://127.0.0.1:41234}; requests go to {@code /v1/...}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** Answers for the next requests, in order. */
    public FakeOpenAiServer enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /**
     * How requests are answered when no enqueued reply waits (by default, {@link Reply#echo()}): for tests
     * whose requests arrive concurrently, so a reply must follow from the request, not from arrival order.
     */
    public FakeOpenAiServer answerBy(Function<ReceivedChatRequest, Reply> policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Serves images at OpenAI's {@code /v1/images/generations} (the default); g4f's route then answers 404. */
    public FakeOpenAiServer imagesAtGenerations() {
        images.route = FakeImagesApi.Route.GENERATIONS;
        return this;
    }

    /** Serves images at g4f's {@code /v1/images/generate}; OpenAI's route then answers 404. */
    public FakeOpenAiServer imagesAtGenerate() {
        images.route = FakeImagesApi.Route.GENERATE;
        return this;
    }

    /** No images API at all: both routes answer 404. */
    public FakeOpenAiServer noImagesApi() {
        images.route = FakeImagesApi.Route.NONE;
        return this;
    }

    /** Answer images as {@code url} (on this fake) instead of {@code b64_json}. */
    public FakeOpenAiServer imagesAsUrl(boolean asUrl) {
        images.asUrl = asUrl;
        return this;
    }

    /** The next image request is refused with 400 {@code content_policy_violation} and this message. */
    public FakeOpenAiServer refuseNextImage(String message) {
        images.refusals.add(message);
        return this;
    }

    /** Bodies of image requests the enabled route accepted. */
    public List<JsonNode> imageRequests() {
        return List.copyOf(images.requests);
    }

    /** Paths of every images request, including those answered 404. */
    public List<String> imageRequestPaths() {
        return List.copyOf(images.requestPaths);
    }

    /** The picture bytes served, in order. */
    public List<byte[]> generatedImages() {
        return List.copyOf(images.served);
    }

    /** The next transcriptions answer these texts, in order; then {@code transcript of <file> (<n> bytes)}. */
    public FakeOpenAiServer transcribeAs(String... texts) {
        transcriptions.transcripts.addAll(List.of(texts));
        return this;
    }

    /** No transcription API: {@code /v1/audio/transcriptions} answers 404, as on gateways without it. */
    public FakeOpenAiServer noTranscriptionApi() {
        transcriptions.enabled = false;
        return this;
    }

    /** A transcription request the fake accepted: the model, the uploaded file's name, type and bytes. */
    public record Transcription(
            String model, String fileName, @Nullable String fileType, byte[] file) {}

    /** The transcription requests accepted, in order. */
    public List<Transcription> transcriptionRequests() {
        return transcriptions.requests.stream()
                .map(r -> new Transcription(r.model(), r.fileName(), r.fileType(), r.file()))
                .toList();
    }

    /** Paths of every transcription request, including those refused or answered 404. */
    public List<String> transcriptionRequestPaths() {
        return List.copyOf(transcriptions.requestPaths);
    }

    public void clearQueue() {
        queue.clear();
    }

    public List<ReceivedChatRequest> requests() {
        return requests.stream().map(Recorded::snapshot).toList();
    }

    /** Waits until at least {@code count} chat requests arrived, and returns them. */
    public List<ReceivedChatRequest> awaitRequests(int count, Duration timeout) {
        Await.until(
                () -> requests.size() >= count,
                timeout,
                () -> count + " chat completion requests, have " + requests.size());
        return requests();
    }

    /** Ends hanging and delayed streams at once, then stops the server. */
    @Override
    public void close() {
        closed.countDown();
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean cut = false;
        try {
            route(exchange);
        } catch (CompletionWriter.ConnectionCut e) {
            cut = true;
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        } finally {
            if (!cut) {
                exchange.close();
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (method.equals("GET") && path.startsWith("/files/") && images.serveFile(exchange, path)) {
            return;
        }
        if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            sendError(exchange, 401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key");
        } else if (method.equals("POST") && pathIs(path, "/v1/chat/completions")) {
            chatCompletion(exchange, body);
        } else if (method.equals("POST") && FakeImagesApi.isImagesPath(path)) {
            images.handle(exchange, path, body, baseUrl());
        } else if (method.equals("POST") && FakeTranscriptionApi.isPath(path)) {
            transcriptions.handle(exchange, body);
        } else if (method.equals("GET") && pathIs(path, "/v1/models")) {
            LocalHttpServer.sendJson(exchange, 200, modelList(), Map.of());
        } else {
            sendError(exchange, 404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null);
        }
    }

    private void chatCompletion(HttpExchange exchange, byte[] rawBody) throws IOException, InterruptedException {
        JsonNode body;
        try {
            body = Json.parse(rawBody);
        } catch (RuntimeException e) {
            String message = "We could not parse the JSON body of your request.";
            sendError(exchange, 400, message, "invalid_request_error", null);
            return;
        }
        if (!body.path("messages").isArray()) {
            sendError(exchange, 400, "'messages' is a required property", "invalid_request_error", null);
            return;
        }
        String badImage = VisionParts.problem(body);
        if (badImage != null) {
            sendError(exchange, 400, badImage, "invalid_request_error", "invalid_image_format");
            return;
        }
        List<ReceivedChatRequest.Msg> messages = new ArrayList<>();
        body.path("messages").forEach(message -> messages.add(ReceivedChatRequest.Msg.from(message)));
        String model = body.path("model").asString("gpt-4o");
        Recorded recorded = new Recorded(new ReceivedChatRequest(model, body, messages, Instant.now(), null));
        requests.add(recorded);

        Reply reply = Objects.requireNonNullElseGet(queue.poll(), () -> policy.apply(recorded.request));
        String text = reply.text() != null ? reply.text() : "echo: " + recorded.request.lastUserText();
        Integer maxTokens = recorded.request.maxTokens();
        if (maxTokens != null) {
            reply = reply.limitedTo(text, maxTokens);
            text = Objects.requireNonNull(reply.text());
        }
        int promptTokens =
                Math.max(1, messages.stream().mapToInt(m -> m.text().length()).sum() / 4);
        CompletionWriter writer =
                new CompletionWriter(exchange, reply, model, text, promptTokens, recorded::firstChunkSent, closed);
        if (body.path("stream").asBoolean(false)) {
            writer.stream(body.path("stream_options").path("include_usage").asBoolean(false));
        } else {
            writer.complete();
        }
    }

    /** A trailing slash is tolerated, as real gateways do. */
    private static boolean pathIs(String path, String expected) {
        return path.equals(expected) || path.equals(expected + "/");
    }

    private ObjectNode modelList() {
        ObjectNode list = Json.object();
        list.put("object", "list");
        var data = list.putArray("data");
        for (String id : models) {
            ObjectNode model = data.addObject();
            model.put("id", id);
            model.put("object", "model");
            model.put("created", MODELS_CREATED);
            model.put("owned_by", owner(id));
        }
        return list;
    }

    private static String owner(String modelId) {
        if (modelId.startsWith("claude")) {
            return "anthropic";
        }
        if (modelId.startsWith("deepseek")) {
            return "deepseek";
        }
        return "openai";
    }

    static void sendError(HttpExchange exchange, int status, String message, String type, @Nullable String code)
            throws IOException {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        LocalHttpServer.sendJson(exchange, status, body, Map.of());
    }
}
