package dev.chatbridge.core.voice;

import org.jspecify.annotations.Nullable;

/** The gateway's speech-to-text, as voice notes use it. */
public interface Transcriber {

    /** The text spoken in {@code audio}; failures throw {@link TranscriptionException}. */
    String transcribe(byte[] audio, String fileName, @Nullable String mimeType);
}
