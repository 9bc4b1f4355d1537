package dev.chatbridge.core.vision;

import org.jspecify.annotations.Nullable;

/**
 * How images are handled: the largest image the bot downloads, how many one question may carry,
 * the model that answers questions with images (null: the user's chat model), and how many bytes
 * of images one question may carry in all.
 */
public record VisionSettings(
        long maxImageBytes,
        int maxImagesPerQuestion,
        @Nullable String visionModel,
        long maxQuestionImageBytes) {

    /** The default cap on the images of one question together: two images at the default per-image cap. */
    public static final long DEFAULT_MAX_QUESTION_IMAGE_BYTES = 20L * 1024 * 1024;

    public VisionSettings {
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be positive");
        }
        if (maxImagesPerQuestion < 1) {
            throw new IllegalArgumentException("maxImagesPerQuestion must be positive");
        }
        if (maxQuestionImageBytes < 1) {
            throw new IllegalArgumentException("maxQuestionImageBytes must be positive");
        }
        visionModel = visionModel == null || visionModel.isBlank() ? null : visionModel.strip();
    }

    /** With the default cap per question, or the per-image cap when that is larger. */
    public VisionSettings(long maxImageBytes, int maxImagesPerQuestion, @Nullable String visionModel) {
        this(
                maxImageBytes,
                maxImagesPerQuestion,
                visionModel,
                Math.max(maxImageBytes, DEFAULT_MAX_QUESTION_IMAGE_BYTES));
    }

    public static VisionSettings defaults() {
        return new VisionSettings(10L * 1024 * 1024, 10, null, DEFAULT_MAX_QUESTION_IMAGE_BYTES);
    }

    /** The model for a question: the vision model when the question carries images and one is set. */
    public String modelFor(String chatModel, boolean withImages) {
        return withImages && visionModel != null ? visionModel : chatModel;
    }
}
