package dev.chatbridge.core.images;

import org.jspecify.annotations.Nullable;

/** The gateway's images API as {@code /image} and the {@code generate_image} tool use it. */
public interface ImagesApi {

    /** Draws one picture; {@code size} may be null for the configured default. Failures throw {@link ImagesException}. */
    GeneratedImage generate(String prompt, @Nullable String size);
}
