package dev.chatbridge.app;

import dev.chatbridge.core.upstream.openai.ImagesSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Vision, image generation, tools and voice ({@code chatbridge.features.*}). {@code VISION_MODEL} maps to
 * {@code vision.model}; empty means the chat model answers questions with images too.
 */
@ConfigurationProperties("chatbridge.features")
public record ChatFeaturesProperties(
        @DefaultValue Vision vision,
        @DefaultValue Images images,
        @DefaultValue Tools tools,
        @DefaultValue Voice voice) {

    /** Images in questions: the model, the size of one image, how many one question may carry, and their total size. */
    public record Vision(
            @DefaultValue("") String model,
            @DefaultValue("10MB") DataSize maxImageSize,
            @DefaultValue("10") int maxImagesPerQuestion,
            @DefaultValue("20MB") DataSize maxTotalImageSize) {}

    /** The gateway's images API: route AUTO detects OpenAI's or g4f's path on the first 404. */
    public record Images(
            @DefaultValue("AUTO") ImagesSettings.Route route,
            @DefaultValue("dall-e-3") String model,
            @DefaultValue("") String size,
            @DefaultValue("2m") Duration timeout,
            @DefaultValue("20MB") DataSize maxImageSize) {}

    /**
     * Voice messages and audio files, transcribed through the gateway's {@code /v1/audio/transcriptions}:
     * the model ({@code TRANSCRIBE_MODEL}), the largest file sent (OpenAI takes 25 MB) and the longest
     * recording, when the platform tells its length.
     */
    public record Voice(
            @DefaultValue("whisper-1") String model,
            @DefaultValue("25MB") DataSize maxFileSize,
            @DefaultValue("10m") Duration maxDuration,
            @DefaultValue("2m") Duration timeout) {}

    /** Tool calling: the cap on rounds per answer, and the operator's HTTP tools. */
    public record Tools(
            @DefaultValue("5") int maxRounds,
            @DefaultValue("2m") Duration imageTimeout,
            @DefaultValue List<HttpTool> http) {}

    /** One HTTP tool; {@code parameters} is the JSON schema of its arguments. Header values are never printed. */
    public record HttpTool(
            String name,
            String description,
            @DefaultValue("") String parameters,
            String url,
            @DefaultValue("POST") String method,
            @DefaultValue Map<String, String> headers,
            @DefaultValue("10s") Duration timeout) {
        @Override
        public String toString() {
            return "HttpTool[name=" + name + ", url=" + url + ", method=" + method + ", headers="
                    + (headers == null ? "{}" : headers.keySet()) + " (values redacted), timeout=" + timeout + "]";
        }
    }
}
