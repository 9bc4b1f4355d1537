package dev.chatbridge.core.tools;

import dev.chatbridge.core.images.GeneratedImage;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a tool produced: text for the model, and possibly a picture for the user. */
public record ToolOutput(String forModel, @Nullable GeneratedImage image) {
    public ToolOutput {
        Objects.requireNonNull(forModel, "forModel");
    }

    public static ToolOutput text(String forModel) {
        return new ToolOutput(forModel, null);
    }
}
