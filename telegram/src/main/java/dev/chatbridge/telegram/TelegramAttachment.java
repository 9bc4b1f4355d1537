package dev.chatbridge.telegram;

import dev.chatbridge.core.message.Attachment;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;

/** A photo or a file a Telegram user sent, downloaded only when the core asks for it. */
final class TelegramAttachment implements Attachment {

    /** One downloadable version: Telegram keeps a photo in several sizes, a document in one. */
    record Version(String fileId, long bytes, int pixels) {}

    private final TelegramFiles files;
    private final String name;
    private final @Nullable String mimeType;
    private final List<Version> versions;

    private TelegramAttachment(TelegramFiles files, String name, @Nullable String mimeType, List<Version> versions) {
        this.files = files;
        this.name = name;
        this.mimeType = mimeType;
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

    /** Rebuilds an attachment another replica received, from its {@link #reference()}. */
    static TelegramAttachment restore(TelegramFiles files, Reference reference) {
        List<Version> versions = reference.locators().stream()
                .map(locator -> {
                    String[] parts = locator.split(" ");
                    return new Version(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
                })
                .toList();
        return new TelegramAttachment(files, reference.name(), reference.mimeType(), versions);
    }

    /** File ids work for any process with the same bot token, so the versions are all another replica needs. */
    @Override
    public Reference reference() {
        List<String> locators = versions.stream()
                .map(version -> version.fileId() + " " + version.bytes() + " " + version.pixels())
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
