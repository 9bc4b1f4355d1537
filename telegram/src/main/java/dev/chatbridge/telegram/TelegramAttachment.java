package dev.chatbridge.telegram;

import dev.chatbridge.core.message.Attachment;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Audio;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.VideoNote;
import org.telegram.telegrambots.meta.api.objects.Voice;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;

/** A photo, a file or a recording a Telegram user sent, downloaded only when the core asks for it. */
final class TelegramAttachment implements Attachment {

    /** One downloadable version: Telegram keeps a photo in several sizes, a document in one. */
    record Version(String fileId, long bytes, int pixels) {}

    private final TelegramFiles files;
    private final String name;
    private final @Nullable String mimeType;
    private final List<Version> versions;
    private final long seconds;

    private TelegramAttachment(TelegramFiles files, String name, @Nullable String mimeType, List<Version> versions) {
        this(files, name, mimeType, versions, -1);
    }

    private TelegramAttachment(
            TelegramFiles files, String name, @Nullable String mimeType, List<Version> versions, long seconds) {
        this.files = files;
        this.name = name;
        this.mimeType = mimeType;
        this.seconds = seconds;
        this.versions = versions.stream()
                .sorted(Comparator.comparingInt(Version::pixels))
                .toList();
    }

    static TelegramAttachment photo(TelegramFiles files, List<PhotoSize> sizes) {
        List<Version> versions = sizes.stream()
                .map(size -> new Version(
                        size.getFileId(),
                        size.getFileSize() == null ? -1 : size.getFileSize(),
                        Objects.requireNonNullElse(size.getWidth(), 0)
                                * Objects.requireNonNullElse(size.getHeight(), 0)))
                .toList();
        return new TelegramAttachment(files, "photo.jpg", "image/jpeg", versions);
    }

    static TelegramAttachment document(TelegramFiles files, Document document) {
        String name =
                document.getFileName() == null || document.getFileName().isBlank() ? "file" : document.getFileName();
        long bytes = document.getFileSize() == null ? -1 : document.getFileSize();
        return new TelegramAttachment(
                files, name, document.getMimeType(), List.of(new Version(document.getFileId(), bytes, 0)));
    }

    /** A voice note: Opus in Ogg. The name's extension tells the transcription API the format. */
    static TelegramAttachment voice(TelegramFiles files, Voice voice) {
        return recording(
                files,
                "voice.ogg",
                voice.getMimeType() == null ? "audio/ogg" : voice.getMimeType(),
                voice.getFileId(),
                voice.getFileSize(),
                voice.getDuration());
    }

    /** A music or audio file, under its own name (whose extension names its format). */
    static TelegramAttachment audio(TelegramFiles files, Audio audio) {
        String type = audio.getMimeType() == null ? "audio/mpeg" : audio.getMimeType();
        String name = audio.getFileName() == null || audio.getFileName().isBlank()
                ? "audio." + (type.endsWith("ogg") ? "ogg" : type.endsWith("mp4") ? "m4a" : "mp3")
                : audio.getFileName();
        return recording(files, name, type, audio.getFileId(), audio.getFileSize(), audio.getDuration());
    }

    /** A round video note: mp4, which Telegram sends without a mime type; its sound is what is transcribed. */
    static TelegramAttachment videoNote(TelegramFiles files, VideoNote note) {
        Long bytes = note.getFileSize() == null ? null : note.getFileSize().longValue();
        return recording(files, "video_note.mp4", "video/mp4", note.getFileId(), bytes, note.getDuration());
    }

    private static TelegramAttachment recording(
            TelegramFiles files,
            String name,
            String mimeType,
            String fileId,
            @Nullable Long bytes,
            @Nullable Integer seconds) {
        return new TelegramAttachment(
                files,
                name,
                mimeType,
                List.of(new Version(fileId, bytes == null ? -1 : bytes, 0)),
                seconds == null ? -1 : seconds);
    }

    /** Rebuilds an attachment another replica received, from its {@link #reference()}. */
    static TelegramAttachment restore(TelegramFiles files, Reference reference) {
        List<String[]> locators =
                reference.locators().stream().map(locator -> locator.split(" ")).toList();
        List<Version> versions = locators.stream()
                .map(parts -> new Version(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2])))
                .toList();
        // A recording's length rides along as a fourth field (older references have three).
        long seconds =
                locators.isEmpty() || locators.getFirst().length < 4 ? -1 : Long.parseLong(locators.getFirst()[3]);
        return new TelegramAttachment(files, reference.name(), reference.mimeType(), versions, seconds);
    }

    /** File ids work for any process with the same bot token, so the versions are all another replica needs. */
    @Override
    public Reference reference() {
        List<String> locators = versions.stream()
                .map(version -> version.fileId() + " " + version.bytes() + " " + version.pixels()
                        + (seconds >= 0 ? " " + seconds : ""))
                .toList();
        return new Reference(TelegramUpdateTranslator.PLATFORM, name, mimeType, declaredBytes(), locators, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public @Nullable String declaredMimeType() {
        return mimeType;
    }

    @Override
    public long declaredSeconds() {
        return seconds;
    }

    /** The smallest version's size: the core refuses only when not even that one fits. */
    @Override
    public long declaredBytes() {
        return versions.isEmpty() ? -1 : versions.getFirst().bytes();
    }

    /** Downloads the largest version that fits the cap (and Telegram's 20 MB download limit). */
    @Override
    public byte[] download(long maxBytes) throws AttachmentException {
        long cap = Math.min(maxBytes, TelegramFiles.MAX_DOWNLOAD_BYTES);
        Version chosen = null;
        for (Version version : versions) {
            if (version.bytes() <= cap) {
                chosen = version;
            }
        }
        if (chosen == null) {
            throw new AttachmentException(name + " is larger than " + cap + " bytes", true);
        }
        return files.download(chosen.fileId(), name, cap);
    }
}
