package dev.chatbridge.core.voice;

import java.time.Duration;
import java.util.Objects;

/**
 * Voice transcription: the gateway's model and the caps checked before anything is downloaded or sent.
 *
 * @param model the transcription model ({@code TRANSCRIBE_MODEL})
 * @param maxBytes the largest audio file sent to the gateway (OpenAI accepts up to 25 MB)
 * @param maxDuration the longest voice note transcribed, when the platform tells the length
 * @param timeout how long one transcription may take
 */
public record VoiceSettings(String model, long maxBytes, Duration maxDuration, Duration timeout) {

    /** OpenAI's limit for {@code /v1/audio/transcriptions} uploads. */
    public static final long OPENAI_MAX_BYTES = 25L * 1024 * 1024;

    public VoiceSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(timeout, "timeout");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }

    public static VoiceSettings defaults() {
        return new VoiceSettings("whisper-1", OPENAI_MAX_BYTES, Duration.ofMinutes(10), Duration.ofMinutes(2));
    }
}
