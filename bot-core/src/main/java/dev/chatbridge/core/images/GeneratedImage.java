package dev.chatbridge.core.images;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A picture the images API drew, already downloaded, and the prompt the API says it used. */
public record GeneratedImage(
        byte[] bytes, String prompt, @Nullable String revisedPrompt) {
    public GeneratedImage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(prompt, "prompt");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("image is empty");
        }
    }
}
