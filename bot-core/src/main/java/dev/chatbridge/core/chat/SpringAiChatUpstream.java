package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.Turn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import reactor.core.publisher.Flux;

/** Streams answers from an OpenAI-compatible gateway through Spring AI. */
public final class SpringAiChatUpstream implements ChatUpstream {

    private final OpenAiChatModel chatModel;

    public SpringAiChatUpstream(GatewaySettings gateway) {
        OpenAiChatOptions defaults = OpenAiChatOptions.builder()
                .baseUrl(GatewayUrl.withV1(gateway.baseUrl()))
                .apiKey(gateway.apiKeyOrPlaceholder())
                .model(gateway.defaultModel())
                .timeout(gateway.requestTimeout())
                // A streamed answer must not be retried behind the user's back: they already saw part of it.
                .maxRetries(0)
                .build();
        this.chatModel = OpenAiChatModel.builder()
                .options(defaults)
                .httpClientBuilderCustomizer(builder -> builder.interceptor(new LaxGatewayInterceptor()))
                .build();
    }

    @Override
    public Flux<String> stream(ChatRequest request) {
        return stream(request, usage -> {});
    }

    @Override
    public Flux<String> stream(ChatRequest request, Consumer<TokenUsage> usage) {
        // Ask for the usage chunk: the daily token budget counts what the gateway says it used.
        Prompt prompt = new Prompt(
                messages(request), OpenAiChatOptions.builder().model(request.model()).streamUsage(true).build());
        return chatModel.stream(prompt)
                .doOnNext(response -> usageOf(response).ifPresent(usage))
                .map(SpringAiChatUpstream::textOf)
                .filter(text -> !text.isEmpty());
    }

    private static Optional<TokenUsage> usageOf(ChatResponse response) {
        Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
        if (usage == null || usage instanceof EmptyUsage) {
            return Optional.empty();
        }
        long prompt = usage.getPromptTokens() == null ? 0 : usage.getPromptTokens();
        long completion = usage.getCompletionTokens() == null ? 0 : usage.getCompletionTokens();
        return prompt + completion == 0 ? Optional.empty() : Optional.of(new TokenUsage(prompt, completion));
    }

    private static List<Message> messages(ChatRequest request) {
        List<Message> messages = new ArrayList<>(request.history().size() + 2);
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.add(new SystemMessage(request.systemPrompt()));
        }
        for (Turn turn : request.history()) {
            messages.add(switch (turn.role()) {
                case USER -> new UserMessage(turn.text());
                case ASSISTANT -> new AssistantMessage(turn.text());
            });
        }
        messages.add(new UserMessage(request.question()));
        return messages;
    }

    private static String textOf(ChatResponse response) {
        Generation result = response.getResult();
        if (result == null || result.getOutput() == null) {
            return "";
        }
        String text = result.getOutput().getText();
        return text == null ? "" : text;
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
