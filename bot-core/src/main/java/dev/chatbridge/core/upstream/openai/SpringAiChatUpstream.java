package dev.chatbridge.core.upstream.openai;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.client.OpenAIClientAsyncImpl;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.ObjectMappers;
import com.openai.core.http.ProxyAuthenticator;
import dev.chatbridge.core.chat.ChatRequest;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.chat.ChatUpstream;
import dev.chatbridge.core.chat.TokenUsage;
import dev.chatbridge.core.chat.UpstreamEvent;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.ProxyAddress;
import dev.chatbridge.core.tools.ToolCall;
import dev.chatbridge.core.tools.ToolSpec;
import dev.chatbridge.core.vision.ImageInput;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.Dispatcher;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.util.MimeType;
import reactor.core.publisher.Flux;

/**
 * Streams answers from an OpenAI-compatible gateway through Spring AI. Spring AI's stream joins
 * the tool-call fragments (by index; {@link LaxGatewayInterceptor} first gives parallel calls that
 * share an index their own) but never runs a tool: {@link ChatService} runs the loop itself, so it
 * can show progress and cap the rounds. Usage is asked for ({@code stream_options.include_usage}).
 *
 * <p>The cap on an answer's tokens goes out as {@code max_tokens}, not OpenAI's newer {@code
 * max_completion_tokens}: every OpenAI-compatible gateway (new-api, one-api, g4f, vLLM, and those
 * that route to Claude, which requires a cap) reads {@code max_tokens}, while lax ones ignore the
 * newer field and would leave the answer uncapped. OpenAI's own reasoning models (o1, o3…) refuse
 * {@code max_tokens}; an operator who calls them directly sets the cap to 0, which sends none.
 *
 * <p>No empty assistant message is ever sent: gateways that route to Claude reject every request
 * that carries one. Empty assistant turns in the history (earlier versions stored the empty answer
 * of a content filter or a reasoning-only reply) are left out, and a tool round without text sends
 * no content next to its calls.
 */
public final class SpringAiChatUpstream implements ChatUpstream {

    /**
     * OkHttp's dispatcher limit on calls between sending and the response headers (default 64, and Spring AI's
     * client copies it to the per-host limit). No lower bound than the engine's own admission is wanted; this only
     * keeps the figure finite and explicit.
     */
    static final int MAX_CONCURRENT_CALLS = 100_000;

    private static final int IDLE_GATEWAY_CONNECTIONS = 64;

    private final OpenAiChatModel chatModel;

    public SpringAiChatUpstream(GatewaySettings gateway) {
        this(gateway, OutboundProxies.direct());
    }

    /** Through {@code OPENAI_PROXY} or the general proxies, as the gateway's URL calls for. */
    public SpringAiChatUpstream(GatewaySettings gateway, OutboundProxies proxies) {
        OpenAiChatOptions defaults = OpenAiChatOptions.builder()
                .baseUrl(GatewayUrl.withV1(gateway.baseUrl()))
                .apiKey(gateway.apiKeyOrPlaceholder())
                .model(gateway.defaultModel())
                .timeout(gateway.requestTimeout())
                // A streamed answer must not be retried behind the user's back: they already saw part of it.
                .maxRetries(0)
                .build();
        ClientOptions client = clientOptions(gateway, proxies);
        this.chatModel = OpenAiChatModel.builder()
                .options(defaults)
                .openAiClient(new OpenAIClientImpl(client))
                .openAiClientAsync(new OpenAIClientAsyncImpl(client))
                .build();
    }

    /**
     * The SDK client under Spring AI, built here rather than by Spring AI's {@code OpenAiSetup} only to change
     * where streams run. {@code OpenAiChatModel.stream} calls the async client's {@code createStreaming}: OkHttp's
     * {@code enqueue} runs the call up to the response headers on its dispatcher's executor, which admits at most
     * 64 calls at a time (a hidden cap); then the SDK reads the whole SSE body, parses every chunk and runs Spring
     * AI's and our operators on its {@code streamHandlerExecutor}, by default a cached pool of platform threads:
     * one platform thread per open stream (837 threads at 1000 streams). Here both executors start virtual threads
     * (a blocked socket read parks them; OkHttp 5 guards its state with locks, and on JDK 24+ {@code synchronized}
     * no longer pins either), and the dispatcher's limits are lifted: the engine decides how many answers run.
     * Everything else is what {@code OpenAiSetup} sets for an OpenAI-compatible base URL.
     */
    private static ClientOptions clientOptions(GatewaySettings gateway, OutboundProxies proxies) {
        String baseUrl = GatewayUrl.withV1(gateway.baseUrl());
        SpringAiOpenAiHttpClient.Builder http = SpringAiOpenAiHttpClient.builder()
                .timeout(gateway.requestTimeout())
                .dispatcherExecutorService(virtualThreads("gateway-call-"))
                // OkHttp keeps 5 idle connections by default: after a burst of answers every next one would
                // open (and, to a real gateway, handshake) a new connection before its first token.
                .maxIdleConnections(IDLE_GATEWAY_CONNECTIONS)
                .keepAliveDuration(Duration.ofMinutes(5)) // OkHttp's default
                .interceptor(new LaxGatewayInterceptor())
                .interceptor(new ImageDetailInterceptor());
        // The SDK's builder takes one proxy, not a selector: the gateway is one origin.
        proxies.route(OutboundProxies.Target.OPENAI, URI.create(baseUrl)).ifPresent(proxy -> {
            http.proxy(proxy.toProxy());
            if (proxy.kind() == ProxyAddress.Kind.HTTP && proxy.hasCredentials()) {
                http.proxyAuthenticator(ProxyAuthenticator.basic(
                        Objects.requireNonNull(proxy.user()), Objects.requireNonNullElse(proxy.password(), "")));
            }
        });
        SpringAiOpenAiHttpClient httpClient = http.build();
        // Per-call clients (newBuilder() per request, for per-request timeouts) share this dispatcher.
        Dispatcher dispatcher = httpClient.getOkHttpClient().dispatcher();
        dispatcher.setMaxRequests(MAX_CONCURRENT_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_CALLS);
        JsonMapper sdkMapper = ObjectMappers.jsonMapper();
        GatewayWarmUp.inBackground(sdkMapper);
        return ClientOptions.builder()
                .httpClient(httpClient)
                .jsonMapper(sdkMapper)
                .baseUrl(baseUrl)
                .apiKey(gateway.apiKeyOrPlaceholder())
                .timeout(gateway.requestTimeout())
                // A streamed answer must not be retried behind the user's back: they already saw part of it.
                .maxRetries(0)
                .putHeader("User-Agent", "spring-ai-openai")
                .streamHandlerExecutor(virtualThreads("gateway-stream-"))
                .build();
    }

    private static ExecutorService virtualThreads(String prefix) {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(prefix, 0).factory());
    }

    @Override
    public Flux<UpstreamEvent> stream(ChatRequest request) {
        OpenAiChatOptions.Builder options =
                OpenAiChatOptions.builder().model(request.model()).streamUsage(true);
        if (request.maxTokens() > 0) {
            options.maxTokens(request.maxTokens());
        }
        if (request.temperature() != null) {
            options.temperature(request.temperature());
        }
        if (request.imageDetail() != null && !request.images().isEmpty()) {
            options.customHeaders(java.util.Map.of(ImageDetailInterceptor.HEADER, request.imageDetail()));
        }
        if (!request.tools().isEmpty()) {
            options.toolCallbacks(request.tools().stream()
                    .map(DeclaredTool::new)
                    .map(ToolCallback.class::cast)
                    .toList());
        }
        Prompt prompt = new Prompt(messages(request), options.build());
        return chatModel.stream(prompt)
                .concatMapIterable(SpringAiChatUpstream::eventsOf)
                .onErrorMap(OpenAiErrors::translate);
    }

    static List<Message> messages(ChatRequest request) {
        List<Message> messages = new ArrayList<>(
                request.history().size() + 2 + 2 * request.toolSteps().size());
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.add(new SystemMessage(request.systemPrompt()));
        }
        for (Turn turn : request.history()) {
            switch (turn.role()) {
                case USER -> messages.add(new UserMessage(turn.text()));
                case ASSISTANT -> {
                    if (!turn.text().isBlank()) {
                        messages.add(new AssistantMessage(turn.text()));
                    }
                }
            }
        }
        messages.add(question(request));
        for (ChatRequest.ToolStep step : request.toolSteps()) {
            messages.add(AssistantMessage.builder()
                    .content(step.assistantText().isBlank() ? null : step.assistantText())
                    .toolCalls(step.calls().stream()
                            .map(call ->
                                    new AssistantMessage.ToolCall(call.id(), "function", call.name(), call.arguments()))
                            .toList())
                    .build());
            messages.add(ToolResponseMessage.builder()
                    .responses(step.results().stream()
                            .map(result -> new ToolResponseMessage.ToolResponse(
                                    result.callId(), result.toolName(), result.content()))
                            .toList())
                    .build());
        }
        return messages;
    }

    /**
     * The question; images become {@code image_url} parts holding their {@code data:} URLs, built once
     * at their exact size ({@link ImageInput}) rather than by Spring AI, which formats byte[] through
     * several growing copies.
     */
    private static UserMessage question(ChatRequest request) {
        if (request.images().isEmpty()) {
            return new UserMessage(request.question());
        }
        List<Media> media = new ArrayList<>(request.images().size());
        for (ImageInput image : request.images()) {
            media.add(Media.builder()
                    .mimeType(MimeType.valueOf(image.format().mimeType()))
                    .data(image.dataUrl())
                    .name(image.name())
                    .build());
        }
        return UserMessage.builder().text(request.question()).media(media).build();
    }

    private static List<UpstreamEvent> eventsOf(ChatResponse response) {
        List<UpstreamEvent> events = new ArrayList<>(2);
        for (Generation generation : response.getResults()) {
            AssistantMessage output = generation.getOutput();
            if (output == null) {
                continue;
            }
            String text = output.getText();
            if (text != null && !text.isEmpty()) {
                events.add(new UpstreamEvent.TextDelta(text));
            }
            if (output.hasToolCalls()) {
                events.add(new UpstreamEvent.ToolCalls(output.getToolCalls().stream()
                        .map(call ->
                                new ToolCall(call.id(), call.name(), call.arguments() == null ? "" : call.arguments()))
                        .toList()));
            }
            UpstreamEvent.Finished finished = finished(generation);
            if (finished != null) {
                events.add(finished);
            }
        }
        Usage usage =
                response.getMetadata() == null ? null : response.getMetadata().getUsage();
        if (usage != null) {
            long prompt = usage.getPromptTokens() == null ? 0 : usage.getPromptTokens();
            long completion = usage.getCompletionTokens() == null ? 0 : usage.getCompletionTokens();
            // Spring AI gives every chunk a usage object; only the gateway's usage chunk carries counts.
            if (prompt + completion > 0) {
                events.add(new UpstreamEvent.Usage(new TokenUsage(prompt, completion)));
            }
        }
        return events;
    }

    /**
     * The finish reasons the answer must show. Spring AI names them as the SDK's enum does
     * ({@code LENGTH}, {@code CONTENT_FILTER}; a chunk without one says {@code _UNKNOWN}).
     */
    private static UpstreamEvent.@Nullable Finished finished(Generation generation) {
        String reason = generation.getMetadata() == null
                ? null
                : generation.getMetadata().getFinishReason();
        if (reason == null) {
            return null;
        }
        return switch (reason.toLowerCase(Locale.ROOT)) {
            case "length" -> new UpstreamEvent.Finished(UpstreamEvent.Finished.Reason.LENGTH);
            case "content_filter" -> new UpstreamEvent.Finished(UpstreamEvent.Finished.Reason.CONTENT_FILTER);
            default -> null;
        };
    }

    /** Offers a tool to the model; never called, because Spring AI's stream does not run tools. */
    private record DeclaredTool(ToolSpec spec) implements ToolCallback {
        @Override
        public ToolDefinition getToolDefinition() {
            return DefaultToolDefinition.builder()
                    .name(spec.name())
                    .description(spec.description())
                    .inputSchema(spec.parametersSchema())
                    .build();
        }

        @Override
        public String call(String toolInput) {
            throw new IllegalStateException("ChatService runs tools itself; Spring AI must not call " + spec.name());
        }
    }

    /** The gateway as configured by the operator. The key is never printed. */
    public record GatewaySettings(String baseUrl, String apiKey, String defaultModel, Duration requestTimeout) {
        public String apiKeyOrPlaceholder() {
            // Keyless gateways (a local g4f) still get a syntactically valid bearer token.
            return apiKey.isBlank() ? "no-key" : apiKey;
        }

        @Override
        public String toString() {
            return "GatewaySettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "<unset>" : "<redacted>")
                    + ", defaultModel=" + defaultModel + ", requestTimeout=" + requestTimeout + "]";
        }
    }
}
