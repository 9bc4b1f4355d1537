package dev.chatbridge.core.vision;

import org.jspecify.annotations.Nullable;

/**
 * How images are handled: the largest image the bot downloads, how many one question may carry,
 * and the model that answers questions with images (null: the user's chat model).
 */
public record VisionSettings(
        long maxImageBytes,
        int maxImagesPerQuestion,
        @Nullable String visionModel) {

    public VisionSettings {
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be positive");
        }
        if (maxImagesPerQuestion < 1) {
            throw new IllegalArgumentException("maxImagesPerQuestion must be positive");
        }
        visionModel = visionModel == null || visionModel.isBlank() ? null : visionModel.strip();
    }

    public static VisionSettings defaults() {
        return new VisionSettings(10L * 1024 * 1024, 10, null);
    }

    /** The model for a question: the vision model when the question carries images and one is set. */
    public String modelFor(String chatModel, boolean withImages) {
        return withImages && visionModel != null ? visionModel : chatModel;
    }
}
