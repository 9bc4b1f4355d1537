package dev.chatbridge.core.tools;

import dev.chatbridge.core.images.GeneratedImage;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One finished tool call: the result the model gets back, a picture for the user if the tool drew
 * one, and the error (null on success) that the user is told about too.
 */
public record ToolRun(
        ToolCall call,
        String resultForModel,
        @Nullable GeneratedImage image,
        @Nullable String error) {
    public ToolRun {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(resultForModel, "resultForModel");
    }

    public boolean failed() {
        return error != null;
    }
}
