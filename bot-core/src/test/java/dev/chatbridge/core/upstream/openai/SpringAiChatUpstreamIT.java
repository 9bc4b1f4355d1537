package dev.chatbridge.core.upstream.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.chat.UpstreamEvent;
import dev.chatbridge.core.chat.UpstreamFailure;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.tools.ToolCall;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
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
        List<String> deltas = texts(upstream.stream(new dev.chatbridge.core.chat.ChatRequest(
                        "deepseek-chat", "be kind", List.of(Turn.user("hi"), Turn.assistant("hello")), "how are you?"))
                .collectList()
                .block());

        assertThat(String.join("", deltas)).isEqualTo("Hello there, friend");
        assertThat(deltas).hasSizeGreaterThan(2);
        ReceivedChatRequest request = gateway.requests().getLast();
        assertThat(request.model()).isEqualTo("deepseek-chat");
        assertThat(request.stream()).isTrue();
        assertThat(request.messages())
                .extracting(ReceivedChatRequest.Msg::role)
                .containsExactly("system", "user", "assistant", "user");
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
        gateway.enqueue(
                Reply.httpError(200, "{\"error\":{\"message\":\"no channel available\",\"type\":\"new_api_error\"}}"));
        UpstreamFailure failure = failureOf();
        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.GATEWAY_ERROR);
        assertThat(failure.detail()).contains("no channel available");
    }

    @Test
    void reportsAnUnreachableGateway() {
        SpringAiChatUpstream nowhere = new SpringAiChatUpstream(settings("http://127.0.0.1:1", KEY));
        assertThatThrownBy(() -> nowhere.stream(question()).collectList().block())
                .satisfies(error ->
                        assertThat(UpstreamFailure.of(error).kind()).isEqualTo(UpstreamFailure.Kind.UNREACHABLE));
    }

    @Test
    void listsTheGatewaysModels() {
        assertThat(new GatewayModels(settings(gateway.baseUrl() + "/v1", KEY)).models())
                .containsExactlyElementsOf(FakeOpenAiServer.DEFAULT_MODELS);
    }

    @Test
    void joinsToolCallFragmentsOfSeveralToolsAndReportsUsage() {
        gateway.enqueue(Reply.toolCalls(
                        "Let me check.",
                        Reply.call("call_a", "current_time", "{\"timezone\":\"Asia/Shanghai\"}"),
                        Reply.call("call_b", "generate_image", "{\"prompt\":\"a red fox in the snow\"}"))
                .withChunkSize(3));
        List<UpstreamEvent> events = upstream.stream(question()).collectList().block();

        assertThat(texts(events))
                .containsExactly(
                        "Let me check.".substring(0, 3),
                        "Let me check.".substring(3, 6),
                        "Let me check.".substring(6, 9),
                        "Let me check.".substring(9, 12),
                        "Let me check.".substring(12));
        assertThat(events)
                .filteredOn(UpstreamEvent.ToolCalls.class::isInstance)
                .singleElement()
                .extracting(event -> ((UpstreamEvent.ToolCalls) event).calls())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(ToolCall.class))
                .containsExactly(
                        new ToolCall("call_a", "current_time", "{\"timezone\":\"Asia/Shanghai\"}"),
                        new ToolCall("call_b", "generate_image", "{\"prompt\":\"a red fox in the snow\"}"));
        assertThat(events.getLast())
                .isInstanceOfSatisfying(
                        UpstreamEvent.Usage.class,
                        usage -> assertThat(usage.usage().promptTokens()).isPositive());
        assertThat(gateway.requests()
                        .getLast()
                        .body()
                        .path("stream_options")
                        .path("include_usage")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void keepsParallelCallsApartWhenTheGatewayGivesThemAllIndexZero() {
        gateway.enqueue(Reply.toolCalls(
                        "",
                        Reply.call("call_1", "current_time", "{}"),
                        Reply.call("call_2", "current_time", "{\"timezone\":\"UTC\"}"))
                .withChunkSize(2)
                .withSameIndexForAllCalls());
        List<UpstreamEvent> events = upstream.stream(question()).collectList().block();

        assertThat(events)
                .filteredOn(UpstreamEvent.ToolCalls.class::isInstance)
                .singleElement()
                .extracting(event -> ((UpstreamEvent.ToolCalls) event).calls())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(ToolCall.class))
                .containsExactly(
                        new ToolCall("call_1", "current_time", "{}"),
                        new ToolCall("call_2", "current_time", "{\"timezone\":\"UTC\"}"));
    }

    @Test
    void sendsToolRoundsBackAsToolCallsAndToolMessages() {
        gateway.enqueue(Reply.of("It is noon."));
        var request = question()
                .withStep(new dev.chatbridge.core.chat.ChatRequest.ToolStep(
                        "checking",
                        List.of(new ToolCall("call_x", "current_time", "{}")),
                        List.of(new dev.chatbridge.core.chat.ChatRequest.ToolResultMessage(
                                "call_x", "current_time", "{\"datetime\":\"12:00\"}"))));
        assertThat(texts(upstream.stream(request).collectList().block())).containsAnyOf("It i", "It is noon.");

        var messages = gateway.requests().getLast().body().path("messages");
        assertThat(messages.get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(1).path("tool_calls").get(0).path("id").asString())
                .isEqualTo("call_x");
        assertThat(messages.get(1)
                        .path("tool_calls")
                        .get(0)
                        .path("function")
                        .path("name")
                        .asString())
                .isEqualTo("current_time");
        assertThat(messages.get(2).path("role").asString()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asString()).isEqualTo("call_x");
        assertThat(messages.get(2).path("content").asString()).contains("12:00");
    }

    @Test
    void sendsImagesAsDataUrlPartsBesideTheText() {
        byte[] png = dev.chatbridge.testsupport.common.TestImages.png("upstream", 20);
        var request = new dev.chatbridge.core.chat.ChatRequest(
                "gpt-4o",
                null,
                List.of(),
                "what is it?",
                List.of(dev.chatbridge.core.vision.ImageInput.of(
                        png, dev.chatbridge.core.vision.ImageFormat.PNG, "a.png")),
                List.of(),
                List.of());
        upstream.stream(request).collectList().block();

        ReceivedChatRequest.Msg question = gateway.requests().getLast().lastUserMessage();
        assertThat(question.text()).isEqualTo("what is it?");
        assertThat(question.imageUrls()).singleElement().asString().startsWith("data:image/png;base64,");
        assertThat(question.imageBytes()).singleElement().isEqualTo(png);
    }

    @Test
    void sendsTheChosenTemperatureAndImageDetail() {
        byte[] png = dev.chatbridge.testsupport.common.TestImages.png("detail", 20);
        var request = new dev.chatbridge.core.chat.ChatRequest(
                "gpt-4o",
                null,
                List.of(),
                "what is it?",
                List.of(dev.chatbridge.core.vision.ImageInput.of(
                        png, dev.chatbridge.core.vision.ImageFormat.PNG, "a.png")),
                List.of(),
                List.of(),
                512,
                0.3,
                "low");
        upstream.stream(request).collectList().block();

        var body = gateway.requests().getLast().body();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(512);
        var parts = body.path("messages").get(body.path("messages").size() - 1).path("content");
        var image = java.util.stream.StreamSupport.stream(parts.spliterator(), false)
                .filter(part -> part.has("image_url"))
                .findFirst()
                .orElseThrow();
        assertThat(image.path("image_url").path("detail").asString()).isEqualTo("low");
        assertThat(image.path("image_url").path("url").asString()).startsWith("data:image/png;base64,");

        upstream.stream(new dev.chatbridge.core.chat.ChatRequest("gpt-4o", null, List.of(), "plain"))
                .collectList()
                .block();
        assertThat(gateway.requests().getLast().body().has("temperature")).isFalse();
    }

    @Test
    void sendsTheCapAsMaxTokensAndReportsAnAnswerCutByIt() {
        gateway.enqueue(Reply.of("a long answer that goes on and on").withChunkSize(8));
        var capped = new dev.chatbridge.core.chat.ChatRequest(
                "gpt-4o", null, List.of(), "question", List.of(), List.of(), List.of(), 3);
        List<UpstreamEvent> events = upstream.stream(capped).collectList().block();

        assertThat(String.join("", texts(events))).isEqualTo("a long answe");
        assertThat(events)
                .filteredOn(UpstreamEvent.Finished.class::isInstance)
                .containsExactly(new UpstreamEvent.Finished(UpstreamEvent.Finished.Reason.LENGTH));
        ReceivedChatRequest sent = gateway.requests().getLast();
        assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(3);
        assertThat(sent.body().has("max_completion_tokens")).isFalse();

        gateway.enqueue(Reply.of("uncapped"));
        assertThat(String.join("", ask())).isEqualTo("uncapped");
        assertThat(gateway.requests().getLast().maxTokens()).isNull();
    }

    @Test
    void anEmptyCompletionGivesNoTextAndAContentFilterSaysSo() {
        gateway.enqueue(Reply.empty(), Reply.reasoningOnly("hmm", "let me think"), Reply.contentFiltered());

        assertThat(upstream.stream(question()).collectList().block())
                .noneMatch(event -> event instanceof UpstreamEvent.TextDelta
                        || event instanceof UpstreamEvent.ToolCalls
                        || event instanceof UpstreamEvent.Finished);
        assertThat(ask()).isEmpty();
        assertThat(upstream.stream(question()).collectList().block())
                .filteredOn(UpstreamEvent.Finished.class::isInstance)
                .containsExactly(new UpstreamEvent.Finished(UpstreamEvent.Finished.Reason.CONTENT_FILTER));
    }

    @Test
    void neverSendsAnEmptyAssistantMessage() {
        gateway.enqueue(Reply.of("fine"));
        var request = new dev.chatbridge.core.chat.ChatRequest(
                        "gpt-4o",
                        null,
                        List.of(
                                Turn.user("first"),
                                Turn.assistant(""),
                                Turn.user("second"),
                                Turn.assistant(" \n"),
                                Turn.user("third"),
                                Turn.assistant("an answer")),
                        "question")
                .withStep(new dev.chatbridge.core.chat.ChatRequest.ToolStep(
                        "",
                        List.of(new ToolCall("call_y", "current_time", "{}")),
                        List.of(new dev.chatbridge.core.chat.ChatRequest.ToolResultMessage(
                                "call_y", "current_time", "{\"datetime\":\"12:00\"}"))));
        upstream.stream(request).collectList().block();

        ReceivedChatRequest sent = gateway.requests().getLast();
        assertThat(sent.messages())
                .extracting(ReceivedChatRequest.Msg::role)
                .containsExactly("user", "user", "user", "assistant", "user", "assistant", "tool");
        var messages = sent.body().path("messages");
        assertThat(messages.values())
                .filteredOn(message -> message.path("role").asString().equals("assistant"))
                .hasSize(2)
                .noneMatch(message -> message.path("content").isString()
                        && message.path("content").asString().isBlank());
        assertThat(messages.get(5).path("tool_calls").get(0).path("id").asString())
                .isEqualTo("call_y");
    }

    private static List<String> texts(List<UpstreamEvent> events) {
        return events.stream()
                .filter(UpstreamEvent.TextDelta.class::isInstance)
                .map(event -> ((UpstreamEvent.TextDelta) event).text())
                .toList();
    }

    private static List<String> ask() {
        return texts(upstream.stream(question()).collectList().block());
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
