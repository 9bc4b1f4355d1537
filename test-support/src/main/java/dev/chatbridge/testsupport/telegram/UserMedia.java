package dev.chatbridge.testsupport.telegram;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A photo or file a simulated user sends; {@code message.text()} is the caption (may be empty).
 *
 * @param versions for a photo, its sizes from smallest to largest (Telegram sends several); for a document, one
 * @param mediaGroupId set for the parts of an album
 * @param forwarded whether the message is forwarded from another user (it then carries {@code forward_origin})
 */
public record UserMedia(
        UserText message,
        Kind kind,
        List<byte[]> versions,
        String fileName,
        String mimeType,
        @Nullable String mediaGroupId,
        boolean forwarded) {

    public enum Kind {
        PHOTO,
        DOCUMENT
    }

    public UserMedia {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(kind, "kind");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a photo or file has bytes");
        }
    }

    /** A photo in several sizes, smallest first, with {@code message.text()} as its caption. */
    public static UserMedia photo(UserText message, byte[]... sizes) {
        return new UserMedia(message, Kind.PHOTO, List.of(sizes), "", "image/jpeg", null, false);
    }

    /** A file sent as a document (uncompressed). */
    public static UserMedia document(UserText message, String fileName, String mimeType, byte[] bytes) {
        return new UserMedia(message, Kind.DOCUMENT, List.of(bytes), fileName, mimeType, null, false);
    }

    public UserMedia inAlbum(String groupId) {
        return new UserMedia(message, kind, versions, fileName, mimeType, groupId, forwarded);
    }

    public UserMedia asForwarded() {
        return new UserMedia(message, kind, versions, fileName, mimeType, mediaGroupId, true);
    }
}
