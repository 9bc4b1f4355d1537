package dev.chatbridge.core.vision;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The image types vision models accept. The type is read from the bytes' signature, not trusted
 * from the file name or the platform's declaration.
 */
public enum ImageFormat {
    PNG("image/png"),
    JPEG("image/jpeg"),
    WEBP("image/webp"),
    GIF("image/gif");

    private final String mimeType;

    ImageFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    public String mimeType() {
        return mimeType;
    }

    /** The format of these bytes, or empty when they are none of the supported ones. */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
            return Optional.of(GIF);
        }
        return Optional.empty();
    }

    /** Whether a declared type could be an image we take; unknown declarations are checked after download. */
    public static boolean plausible(@Nullable String declaredMimeType) {
        if (declaredMimeType == null || declaredMimeType.isBlank()) {
            return true;
        }
        String type = declaredMimeType.toLowerCase(Locale.ROOT).strip();
        for (ImageFormat format : values()) {
            if (format.mimeType.equals(type)) {
                return true;
            }
        }
        return type.equals("image/jpg") || type.equals("application/octet-stream");
    }

    private static boolean startsWith(byte[] bytes, int offset, int... signature) {
        if (bytes.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
