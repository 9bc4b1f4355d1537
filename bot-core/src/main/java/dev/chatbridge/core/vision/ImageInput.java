package dev.chatbridge.core.vision;

import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/** An image for the model: its bytes, their checked type, and the name the user's client gave it. */
public record ImageInput(byte[] bytes, ImageFormat format, String name) {

    public ImageInput {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(name, "name");
    }

    /** The {@code data:} URL of an OpenAI {@code image_url} content part. */
    public String dataUrl() {
        return "data:" + format.mimeType() + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * What stays in the conversation once this turn is over: a short text reference instead of the
     * bytes. See {@link VisionContext} for why.
     */
    public String reference() {
        return "[image: " + name + ", " + format.name().toLowerCase(Locale.ROOT) + ", " + kilobytes() + " KB]";
    }

    private long kilobytes() {
        return Math.max(1, (bytes.length + 512) / 1024);
    }
}
