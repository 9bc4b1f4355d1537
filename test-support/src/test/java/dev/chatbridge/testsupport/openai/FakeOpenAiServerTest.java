package dev.chatbridge.testsupport.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.testsupport.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FakeOpenAiServerTest {
    private static final String KEY = "sk-test";
    private static final String STREAM_BODY = """
            {"model":"deepseek-chat","stream":true,"messages":[
              {"role":"system","content":"Be brief."},
              {"role":"user","content":[{"type":"text","text":"Hi there"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==","detail":"auto"}}]}]}
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeOpenAiServer ai;

    @BeforeEach
    void start() {
        ai = new FakeOpenAiServer(KEY);
    }

    @AfterEach
    void stop() {
        ai.close();
    }

    @Test
    void refusesAnImagePartWhoseBytesAreNotTheDeclaredImage() throws Exception {
        HttpResponse<String> response = post(
                STREAM_BODY.replace(
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
                        "AAAA"),
                KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("unsupported image").contains("invalid_image_format");
    }

    @Test
    void streamsChunksThenAStopChunkThenDone() throws Exception {
        ai.enqueue(Reply.of("Hello world").withChunkSize(5).withChunkDelay(Duration.ZERO));

        HttpResponse<String> response = post(STREAM_BODY, KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<String> events = events(response.body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks =
                events.subList(0, events.size() - 1).stream().map(Json::parse).toList();
        assertThat(chunks).hasSize(4);
        assertThat(chunks.getFirst().get("id").asString()).startsWith("chatcmpl-");
        assertThat(chunks.getFirst().get("object").asString()).isEqualTo("chat.completion.chunk");
        assertThat(chunks.getFirst().get("model").asString()).isEqualTo("deepseek-chat");
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/delta").has("role")).isFalse();
        assertThat(chunks.subList(0, 3))
                .extracting(c -> c.at("/choices/0/delta/content").asString())
                .containsExactly("Hello", " worl", "d");
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void echoesTheLastUserMessageWhenNothingIsQueued() throws Exception {
        String text = content(events(post(STREAM_BODY, KEY).body()));

        assertThat(text).isEqualTo("echo: Hi there");
        ReceivedChatRequest request = ai.awaitRequests(1, Duration.ofSeconds(1)).getFirst();
        assertThat(request.model()).isEqualTo("deepseek-chat");
        assertThat(request.messages()).extracting(ReceivedChatRequest.Msg::role).containsExactly("system", "user");
        assertThat(request.messages().get(1).imageUrls())
                .containsExactly(
                        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        assertThat(request.firstChunkSentAt()).isNotNull().isAfterOrEqualTo(request.receivedAt());
    }

    @Test
    void sendsUsageBeforeDoneWhenAskedFor() throws Exception {
        String body =
                STREAM_BODY.replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}");

        List<String> events = events(post(body, KEY).body());

        JsonNode usageChunk = Json.parse(events.get(events.size() - 2));
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/total_tokens").asInt()).isPositive();
    }

    @Test
    void streamsAnEmptyCompletionAsARoleChunkThenAnEmptyDeltaWithStop() throws Exception {
        ai.enqueue(Reply.empty(), Reply.reasoningOnly("Let me think", " about it"));

        List<JsonNode> empty = chunks(events(post(
                        STREAM_BODY.replace(
                                "\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
                        KEY)
                .body()));
        assertThat(empty).hasSize(3);
        assertThat(empty.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(empty.getFirst().at("/choices/0/delta/content").asString()).isEmpty();
        assertThat(empty.get(1).at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(empty.get(1).at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(empty.get(2).get("usage").isObject()).isTrue();

        List<JsonNode> thinking = chunks(events(post(STREAM_BODY, KEY).body()));
        assertThat(thinking)
                .extracting(
                        chunk -> chunk.at("/choices/0/delta/reasoning_content").asString(""))
                .containsExactly("", "Let me think", " about it", "");
        assertThat(thinking)
                .allSatisfy(
                        chunk -> assertThat(chunk.at("/choices/0/delta/content").asString(""))
                                .isEmpty());
    }

    @Test
    void cutsAnAnswerAtMaxTokensAndSaysLength() throws Exception {
        ai.enqueue(Reply.of("a".repeat(100)).withChunkSize(10).withChunkDelay(Duration.ZERO));

        List<String> events =
                events(post(STREAM_BODY.replace("\"stream\":true", "\"stream\":true,\"max_tokens\":5"), KEY)
                        .body());

        assertThat(content(events)).isEqualTo("a".repeat(20));
        assertThat(chunks(events).getLast().at("/choices/0/finish_reason").asString())
                .isEqualTo("length");
        assertThat(ai.requests().getLast().maxTokens()).isEqualTo(5);
    }

    @Test
    void leavesIdModelIndexAndFinishReasonOutInLaxMode() throws Exception {
        ai.enqueue(Reply.of("Hi").lax());

        List<String> events = events(post(STREAM_BODY, KEY).body());

        assertThat(events).last().isEqualTo("[DONE]");
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = Json.parse(event);
            assertThat(chunk.has("id")).isFalse();
            assertThat(chunk.has("model")).isFalse();
            assertThat(chunk.at("/choices/0").has("index")).isFalse();
            assertThat(chunk.at("/choices/0").has("finish_reason")).isFalse();
        }
    }

    @Test
    void dropsTheConnectionOfACutStreamWithoutDone() {
        ai.enqueue(Reply.of("Hello world, how are you").cutAfterChunks(2));

        assertThatThrownBy(() -> post(STREAM_BODY, KEY)).isInstanceOf(IOException.class);
        assertThat(ai.awaitRequests(1, Duration.ofSeconds(1)).getFirst().firstChunkSentAt())
                .isNotNull();
    }

    @Test
    void endsATruncatedStreamCleanlyWithoutDone() throws Exception {
        ai.enqueue(Reply.of("Hello world, how are you").truncateAfterChunks(2));

        List<String> events = events(post(STREAM_BODY, KEY).body());

        assertThat(events).hasSize(2).doesNotContain("[DONE]");
    }

    @Test
    void sendsANewApiErrorMidStream() throws Exception {
        ai.enqueue(Reply.of("Hello world").errorMidStream(1, "upstream timed out"));

        List<String> events = events(post(STREAM_BODY, KEY).body());

        assertThat(events).hasSize(2);
        JsonNode error = Json.parse(events.get(1)).get("error");
        assertThat(error.get("message").asString()).isEqualTo("upstream timed out");
        assertThat(error.get("type").asString()).isEqualTo("new_api_error");
        assertThat(error.get("code").asString()).isEqualTo("upstream_error");
    }

    @Test
    void answersAScriptedHttpError() throws Exception {
        ai.enqueue(Reply.httpError(503, "{\"error\":{\"message\":\"overloaded\"}}"));

        HttpResponse<String> response = post(STREAM_BODY, KEY);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("overloaded");
    }

    @Test
    void keepsAHangingStreamOpenWithoutDoneUntilTheServerCloses() throws Exception {
        ai.enqueue(Reply.of("Hello world").withChunkSize(5).hangAfterChunks(1));
        HttpResponse<InputStream> response =
                http.send(request(STREAM_BODY, KEY).build(), HttpResponse.BodyHandlers.ofInputStream());
        var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).contains("\"content\":\"Hello\"");
        assertThat(reader.readLine()).isEmpty();

        var rest = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.lines().toList();
            } catch (UncheckedIOException e) {
                return List.of("connection dropped");
            }
        });
        Thread.sleep(500);
        assertThat(rest).isNotDone();

        ai.close();
        assertThat(rest.get(2, TimeUnit.SECONDS)).doesNotContain("data: [DONE]");
    }

    @Test
    void waitsTheTimeToFirstTokenBeforeTheFirstChunk() throws Exception {
        ai.enqueue(Reply.of("Hi").withTimeToFirstToken(Duration.ofMillis(300)));

        post(STREAM_BODY, KEY);

        ReceivedChatRequest request = ai.requests().getFirst();
        assertThat(Duration.between(request.receivedAt(), request.firstChunkSentAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void answersANonStreamingRequestWithOneCompletion() throws Exception {
        ai.enqueue(Reply.of("Whole answer"));

        HttpResponse<String> response = post(STREAM_BODY.replace("\"stream\":true", "\"stream\":false"), KEY);

        JsonNode completion = Json.parse(response.body());
        assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo("Whole answer");
        assertThat(completion.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void rejectsAWrongKeyAs401InvalidApiKey() throws Exception {
        HttpResponse<String> response = post(STREAM_BODY, "sk-wrong");

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = Json.parse(response.body()).get("error");
        assertThat(error.get("message").asString()).isEqualTo("Incorrect API key provided");
        assertThat(error.get("code").asString()).isEqualTo("invalid_api_key");
        assertThat(ai.requests()).isEmpty();
    }

    @Test
    void listsTheConfiguredModels() throws Exception {
        for (String path : List.of("/v1/models", "/v1/models/")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ai.baseUrl() + path))
                    .header("Authorization", "Bearer " + KEY)
                    .GET()
                    .build();

            JsonNode list = Json.parse(
                    http.send(request, HttpResponse.BodyHandlers.ofString()).body());

            assertThat(list.get("object").asString()).isEqualTo("list");
            assertThat(list.get("data"))
                    .extracting(m -> m.get("id").asString())
                    .containsExactly("gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "deepseek-chat");
        }
    }

    @Test
    void transcriptionsReadTheMultipartFormAndRefuseWhatOpenAiRefuses() throws Exception {
        ai.transcribeAs("hello world");
        HttpResponse<String> ok = transcribe("whisper-1", "voice.ogg", new byte[] {1, 2, 3});
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.parse(ok.body()).path("text").asString()).isEqualTo("hello world");
        assertThat(ai.transcriptionRequests().getFirst().file()).containsExactly(1, 2, 3);

        HttpResponse<String> badFormat = transcribe("whisper-1", "voice.pdf", new byte[] {1});
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(badFormat.body()).contains("Invalid file format");
        HttpResponse<String> noModel = transcribe("", "voice.ogg", new byte[] {1});
        assertThat(noModel.statusCode()).isEqualTo(400);
        HttpResponse<String> tooLarge = transcribe("whisper-1", "voice.ogg", new byte[25 * 1024 * 1024 + 1]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(ai.transcriptionRequests()).hasSize(1);

        ai.noTranscriptionApi();
        assertThat(transcribe("whisper-1", "voice.ogg", new byte[] {1}).statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<String> transcribe(String model, String fileName, byte[] file)
            throws IOException, InterruptedException {
        String boundary = "----chatbridge-test";
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: audio/ogg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model
                        + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create(ai.baseUrl() + "/v1/audio/transcriptions"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body, String key) throws IOException, InterruptedException {
        return http.send(request(body, key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String body, String key) {
        return HttpRequest.newBuilder(URI.create(ai.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** The payloads of the {@code data:} events, in order. */
    private static List<String> events(String sse) {
        assertThat(sse).doesNotContain("\r");
        return List.of(sse.split("\n\n")).stream()
                .filter(event -> !event.isBlank())
                .peek(event -> assertThat(event).startsWith("data: "))
                .map(event -> event.substring("data: ".length()))
                .toList();
    }

    /** The JSON chunks of a stream, without {@code [DONE]}. */
    private static List<JsonNode> chunks(List<String> events) {
        return events.stream()
                .filter(event -> !event.equals("[DONE]"))
                .map(Json::parse)
                .toList();
    }

    private static String content(List<String> events) {
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(e -> !e.equals("[DONE]"))
                .map(Json::parse)
                .forEach(chunk ->
                        text.append(chunk.at("/choices/0/delta/content").asString("")));
        return text.toString();
    }
}
