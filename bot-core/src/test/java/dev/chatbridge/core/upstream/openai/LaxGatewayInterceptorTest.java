package dev.chatbridge.core.upstream.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.chat.UpstreamStreamException;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.openai.Reply;
import java.io.IOException;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The filter on its own, between an OkHttp client and the fake gateway sending exactly these SSE lines: a compliant
 * chunk comes out byte for byte as it went in (spacing and escapes that a parse-and-write would change), and a lax
 * one comes out rewritten.
 */
class LaxGatewayInterceptorTest {

    private static final String KEY = "sk-lax-test";
    /** Compliant, but written the way no serializer would write it again: spaces, a \\u escape, an odd order. */
    private static final String COMPLIANT = "{\"choices\": [{\"delta\": {\"content\": \"caf\\u00e9 \"}, \"index\": 0,"
            + " \"finish_reason\": null, \"logprobs\": null}], \"model\": \"gpt-4o\", \"id\": \"chatcmpl-1\","
            + " \"object\": \"chat.completion.chunk\", \"created\": 1715367049, \"system_fingerprint\": null}";

    private static FakeOpenAiServer gateway;
    private static OkHttpClient client;

    @BeforeAll
    static void start() {
        gateway = new FakeOpenAiServer(KEY);
        client = new OkHttpClient.Builder()
                .addInterceptor(new LaxGatewayInterceptor())
                .build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aCompliantChunkPassesUnchanged() throws IOException {
        String usage = "{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion.chunk\", \"created\": 1715367049,"
                + " \"model\": \"gpt-4o\", \"choices\": [], \"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 2}}";
        List<String> lines = stream("data: " + COMPLIANT, "data: " + usage, "data: [DONE]");

        assertThat(lines).containsExactly("data: " + COMPLIANT, "", "data: " + usage, "", "data: [DONE]", "");
        assertThat(CompliantChunk.passesUntouched(COMPLIANT)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}",
                "{\"id\":null,\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\"}",
            })
    void aLaxChunkIsCompleted(String lax) throws IOException {
        String out = stream("data: " + lax, "data: [DONE]").getFirst();

        assertThat(out).startsWith("data: ").isNotEqualTo("data: " + lax);
        JsonNode chunk = LaxGatewayInterceptor.parseOrNull(out.substring(6));
        assertThat(chunk).isNotNull();
        for (String field : List.of("id", "object", "created", "model")) {
            assertThat(chunk.path(field).isNull() || chunk.path(field).isMissingNode())
                    .as(field)
                    .isFalse();
        }
        for (JsonNode choice : chunk.path("choices")) {
            assertThat(choice.path("index").isNumber()).isTrue();
            assertThat(choice.has("finish_reason")).isTrue();
            assertThat(choice.path("delta").isObject()).isTrue();
        }
        assertThat(CompliantChunk.passesUntouched(lax)).isFalse();
    }

    @Test
    void parallelToolCallsSharingAnIndexGetTheirOwnEvenInAnOtherwiseCompliantChunk() throws IOException {
        String calls = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"finish_reason\":null,\"delta\":{\"tool_calls\":["
                + "{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":\"\"}},"
                + "{\"index\":0,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"b\",\"arguments\":\"\"}}"
                + "]}}]}";
        String out = stream("data: " + calls, "data: [DONE]").getFirst();

        JsonNode chunk = LaxGatewayInterceptor.parseOrNull(out.substring(6));
        assertThat(chunk).isNotNull();
        JsonNode toolCalls = chunk.path("choices").path(0).path("delta").path("tool_calls");
        assertThat(toolCalls.path(0).path("id").asString()).isEqualTo("call_a");
        assertThat(toolCalls.path(0).path("index").asInt()).isZero();
        assertThat(toolCalls.path(1).path("id").asString()).isEqualTo("call_b");
        assertThat(toolCalls.path(1).path("index").asInt()).isEqualTo(1);
    }

    @Test
    void anErrorChunkEndsTheStreamWithItsMessage() {
        String error =
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                        + "\"error\":{\"message\":\"quota exhausted\"}}";
        assertThatThrownBy(() -> stream("data: " + error, "data: [DONE]"))
                .isInstanceOf(UpstreamStreamException.class)
                .hasMessageContaining("quota exhausted");
    }

    @Test
    void malformedOrNonObjectLinesAreLeftToTheSdk() throws IOException {
        assertThat(stream("data: {\"id\": oops", "data: [1, 2]", "data: [DONE]"))
                .containsSubsequence("data: {\"id\": oops", "data: [1, 2]");
        assertThat(CompliantChunk.passesUntouched("{\"id\": oops")).isFalse();
        assertThat(CompliantChunk.passesUntouched(COMPLIANT + " trailing")).isFalse();
    }

    /** The lines the filter hands on for a stream whose events are exactly these. */
    private static List<String> stream(String... events) throws IOException {
        gateway.enqueue(Reply.rawEvents(events));
        Request request = new Request.Builder()
                .url(gateway.baseUrl() + "/v1/chat/completions")
                .header("Authorization", "Bearer " + KEY)
                .post(RequestBody.create(
                        "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        MediaType.get("application/json")))
                .build();
        try (Response response = client.newCall(request).execute()) {
            return response.body().string().lines().toList();
        }
    }
}
