package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.tools.ToolCall;
import dev.chatbridge.core.tools.ToolSpec;
import dev.chatbridge.core.vision.ImageInput;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the model is asked in one round: the history, the question with its images, the
 * tools it may call, the tool calls and results of earlier rounds of this answer, and the most
 * tokens the answer may take ({@code maxTokens}; 0 leaves the cap to the model), the sampling
 * temperature and the detail images are looked at with (null: none sent, the gateway's default).
 */
public record ChatRequest(
        String model,
        @Nullable String systemPrompt,
        List<Turn> history,
        String question,
        List<ImageInput> images,
        List<ToolSpec> tools,
        List<ToolStep> toolSteps,
        int maxTokens,
        @Nullable Double temperature,
        @Nullable String imageDetail) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(question, "question");
        history = List.copyOf(history);
        images = List.copyOf(images);
        tools = List.copyOf(tools);
        toolSteps = List.copyOf(toolSteps);
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens cannot be negative");
        }
    }

    /** A request without a temperature or image detail. */
    public ChatRequest(
            String model,
            @Nullable String systemPrompt,
            List<Turn> history,
            String question,
            List<ImageInput> images,
            List<ToolSpec> tools,
            List<ToolStep> toolSteps,
            int maxTokens) {
        this(model, systemPrompt, history, question, images, tools, toolSteps, maxTokens, null, null);
    }

    /** A request without a cap on the answer's tokens. */
    public ChatRequest(
            String model,
            @Nullable String systemPrompt,
            List<Turn> history,
            String question,
            List<ImageInput> images,
            List<ToolSpec> tools,
            List<ToolStep> toolSteps) {
        this(model, systemPrompt, history, question, images, tools, toolSteps, 0);
    }

    /** A plain text question without tools. */
    public ChatRequest(String model, @Nullable String systemPrompt, List<Turn> history, String question) {
        this(model, systemPrompt, history, question, List.of(), List.of(), List.of());
    }

    /** The same request with one more round of tool calls and their results. */
    public ChatRequest withStep(ToolStep step) {
        List<ToolStep> steps = new java.util.ArrayList<>(toolSteps);
        steps.add(step);
        return new ChatRequest(
                model, systemPrompt, history, question, images, tools, steps, maxTokens, temperature, imageDetail);
    }

    /** One round: the text the model wrote before calling, its calls, and one result per call. */
    public record ToolStep(String assistantText, List<ToolCall> calls, List<ToolResultMessage> results) {
        public ToolStep {
            Objects.requireNonNull(assistantText, "assistantText");
            calls = List.copyOf(calls);
            results = List.copyOf(results);
        }
    }

    /** What goes back to the model for one call. */
    public record ToolResultMessage(String callId, String toolName, String content) {
        public ToolResultMessage {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(content, "content");
        }
    }
}
