package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.Turn;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Everything the model is asked in one turn. */
public record ChatRequest(String model, @Nullable String systemPrompt, List<Turn> history, String question) {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(question, "question");
        history = List.copyOf(history);
    }
}
