package dev.chatbridge.core.voice;

import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.text.Durations;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a question's voice notes and audio files into text. The caps are checked on what the
 * platform declared before anything is downloaded, and on the bytes before anything is sent to
 * the gateway, so a file over a cap costs neither.
 */
public final class VoiceNotes {

    private static final Logger log = LoggerFactory.getLogger(VoiceNotes.class);

    private final Transcriber transcriber;
    private final VoiceSettings settings;

    public VoiceNotes(Transcriber transcriber, VoiceSettings settings) {
        this.transcriber = transcriber;
        this.settings = settings;
    }

    /** For cores built without a gateway to transcribe with: every voice note is told so. */
    public static VoiceNotes unavailable() {
        return new VoiceNotes(
                (audio, name, type) -> {
                    throw new TranscriptionException(TranscriptionException.Kind.NOT_SUPPORTED, "no transcriber");
                },
                VoiceSettings.defaults());
    }

    /** What came of a question's audio: its transcript, or what to tell the user instead. */
    public sealed interface Outcome {
        record Transcribed(String text) implements Outcome {}

        record Refused(String message) implements Outcome {}
    }

    /**
     * Audio is what the platform calls audio; a video that declares a length is a round video note
     * (Telegram), which the transcription API takes as mp4.
     */
    public static boolean isAudio(Attachment attachment) {
        String type = attachment.declaredMimeType();
        if (type == null) {
            return false;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("audio/") || lower.startsWith("video/") && attachment.declaredSeconds() >= 0;
    }

    /** Transcribes each file in turn; the first that cannot be transcribed stops the question. */
    public Outcome transcribe(List<Attachment> audio, Language language) {
        List<String> texts = new ArrayList<>();
        for (Attachment file : audio) {
            @Nullable String refusal = check(file, language);
            if (refusal != null) {
                return new Outcome.Refused(refusal);
            }
            byte[] bytes;
            try {
                bytes = file.download(settings.maxBytes());
            } catch (Attachment.AttachmentException e) {
                log.info("Could not download the audio {}: {}", file.name(), e.getMessage());
                return new Outcome.Refused(
                        e.tooLarge() ? tooLarge(file, language) : Text.VOICE_DOWNLOAD_FAILED.in(language, file.name()));
            }
            String text;
            try {
                text = transcriber.transcribe(bytes, file.name(), file.declaredMimeType());
            } catch (TranscriptionException e) {
                log.info("Transcribing {} failed ({}): {}", file.name(), e.kind(), e.getMessage());
                return new Outcome.Refused(
                        switch (e.kind()) {
                            case NOT_SUPPORTED -> Text.VOICE_NOT_SUPPORTED.in(language);
                            case REFUSED, UNAVAILABLE -> Text.VOICE_FAILED.in(language, file.name(), e.getMessage());
                        });
            }
            if (text.isBlank()) {
                return new Outcome.Refused(Text.VOICE_EMPTY.in(language, file.name()));
            }
            texts.add(text.strip());
        }
        return new Outcome.Transcribed(String.join("\n\n", texts));
    }

    private @Nullable String check(Attachment file, Language language) {
        if (file.declaredBytes() > settings.maxBytes()) {
            return tooLarge(file, language);
        }
        if (file.declaredSeconds() > settings.maxDuration().toSeconds()) {
            return Text.VOICE_TOO_LONG.in(
                    language,
                    file.name(),
                    Durations.human(Duration.ofSeconds(file.declaredSeconds()), language),
                    Durations.human(settings.maxDuration(), language));
        }
        return null;
    }

    private String tooLarge(Attachment file, Language language) {
        return Text.VOICE_TOO_LARGE.in(language, file.name(), settings.maxBytes() / (1024 * 1024));
    }
}
