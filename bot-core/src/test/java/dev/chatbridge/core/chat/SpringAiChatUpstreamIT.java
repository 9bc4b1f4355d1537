package dev.chatbridge.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.testsupport.ChatRequest;
import dev.chatbridge.testsupport.FakeOpenAiServer;
import dev.chatbridge.testsupport.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spring AI against a fake gateway that behaves like the real (and the lax) ones. */
class SpringAiChatUpstreamIT {

    private static final String KEY = "sk-upstream-test";
    private static FakeOpenAiServer gateway;
    private static SpringAiChatUpstream upstream;

    @BeforeAll
    static void start() {
        gateway = new FakeOpenAiServer(KEY);
        upstream = new SpringAiChatUpstream(settings(gateway.baseUrl(), KEY));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void streamsDeltasAndSendsHistorySystemPromptAndModel() {
        gateway.enqueue(Reply.of("Hello there, friend"));
        List<String> deltas = upstream.stream(new dev.chatbridge.core.chat.ChatRequest("deepseek-chat", "be kind",
                List.of(Turn.user("hi"), Turn.assistant("hello")), "how are you?")).collectList().block();

        assertThat(String.join("", deltas)).isEqualTo("Hello there, friend");
        assertThat(deltas).hasSizeGreaterThan(2);
        ChatRequest request = gateway.requests().getLast();
        assertThat(request.model()).isEqualTo("deepseek-chat");
        assertThat(request.stream()).isTrue();
        assertThat(request.messages()).extracting(ChatRequest.Msg::role).containsExactly("system", "user", "assistant", "user");
    }

    @Test
    void normalisesLaxChunksWithoutIdModelOrIndex() {
        gateway.enqueue(Reply.of("lax but fine").lax());
        assertThat(String.join("", ask())).isEqualTo("lax but fine");
    }

    @Test
    void reportsAStreamCutBeforeDone() {
        gateway.enqueue(Reply.of("this will be cut off").cutAfterChunks(2));
        assertThat(failureOf()).extracting(UpstreamFailure::kind).isEqualTo(UpstreamFailure.Kind.STREAM_CUT);
    }

    @Test
    void reportsAnErrorChunkMidStreamWithItsMessage() {
        gateway.enqueue(Reply.of("partial answer").errorMidStream(1, "model overloaded"));
        UpstreamFailure failure = failureOf();
        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.GATEWAY_ERROR);
        assertThat(failure.detail()).contains("model overloaded");
    }

    @Test
    void reportsARejectedKeyAsAuthFailure() {
        SpringAiChatUpstream wrongKey = new SpringAiChatUpstream(settings(gateway.baseUrl(), "sk-wrong"));
        assertThatThrownBy(() -> wrongKey.stream(question()).collectList().block())
                .satisfies(error -> assertThat(UpstreamFailure.of(error).kind()).isEqualTo(UpstreamFailure.Kind.AUTH));
    }

    @Test
    void reportsAnHttp200ErrorBodyAsAGatewayError() {
        gateway.enqueue(Reply.httpError(200, "{\"error\":{\"message\":\"no channel available\",\"type\":\"new_api_error\"}}"));
        UpstreamFailure failure = failureOf();
        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.GATEWAY_ERROR);
        assertThat(failure.detail()).contains("no channel available");
    }

    @Test
    void reportsAnUnreachableGateway() {
        SpringAiChatUpstream nowhere = new SpringAiChatUpstream(settings("http://127.0.0.1:1", KEY));
        assertThatThrownBy(() -> nowhere.stream(question()).collectList().block())
                .satisfies(error -> assertThat(UpstreamFailure.of(error).kind()).isEqualTo(UpstreamFailure.Kind.UNREACHABLE));
    }

    @Test
    void listsTheGatewaysModels() {
        assertThat(new ModelCatalog(settings(gateway.baseUrl() + "/v1", KEY)).models())
                .containsExactlyElementsOf(FakeOpenAiServer.DEFAULT_MODELS);
    }

    private static List<String> ask() {
        return upstream.stream(question()).collectList().block();
    }

    private static UpstreamFailure failureOf() {
        try {
            upstream.stream(question()).collectList().block();
        } catch (RuntimeException e) {
            return UpstreamFailure.of(e);
        }
        throw new AssertionError("the stream did not fail");
    }

    private static dev.chatbridge.core.chat.ChatRequest question() {
        return new dev.chatbridge.core.chat.ChatRequest("gpt-4o", null, List.of(), "question");
    }

    private static SpringAiChatUpstream.GatewaySettings settings(String url, String key) {
        return new SpringAiChatUpstream.GatewaySettings(url, key, "gpt-4o", Duration.ofSeconds(30));
    }
}
