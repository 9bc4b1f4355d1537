package dev.chatbridge.core.vision;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * An image for the model: its {@code data:} URL (what an OpenAI {@code image_url} content part
 * carries), its checked type, the name the user's client gave it, and how many bytes it had.
 *
 * <p>The data URL is built once, in an array of its exact size, and the downloaded bytes are not
 * kept: a 10 MB image then costs 13.3 MB while the question waits for its answer, not the bytes
 * plus the several growing copies a formatted string would make (see {@link ImageMemory}).
 */
public record ImageInput(String dataUrl, ImageFormat format, String name, long byteCount) {

    public ImageInput {
        Objects.requireNonNull(dataUrl, "dataUrl");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(name, "name");
        if (byteCount < 0) {
            throw new IllegalArgumentException("byteCount cannot be negative");
        }
    }

    /** An image from its bytes. */
    public static ImageInput of(byte[] bytes, ImageFormat format, String name) {
        return new ImageInput(dataUrl(bytes, format), format, name, bytes.length);
    }

    /** The length of the {@code data:} URL of {@code bytes} bytes of this format, known before it is built. */
    public static long dataUrlLength(long bytes, ImageFormat format) {
        return prefix(format).length() + base64Length(bytes);
    }

    /** Base64 (with padding) turns every started 3 bytes into 4 characters. */
    static long base64Length(long bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    private static String prefix(ImageFormat format) {
        return "data:" + format.mimeType() + ";base64,";
    }

    private static String dataUrl(byte[] bytes, ImageFormat format) {
        long length = dataUrlLength(bytes.length, format);
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("an image of " + bytes.length + " bytes is too large for a data URL");
        }
        byte[] url = new byte[(int) length];
        byte[] prefix = prefix(format).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, url, 0, prefix.length);
        try (OutputStream encoder = Base64.getEncoder().wrap(new FixedArrayOutput(url, prefix.length))) {
            encoder.write(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the data URL was sized wrongly", e);
        }
        return new String(url, StandardCharsets.ISO_8859_1);
    }

    /**
     * What stays in the conversation once this turn is over: a short text reference instead of the
     * bytes. See {@link VisionContext} for why.
     */
    public String reference() {
        return "[image: " + name + ", " + format.name().toLowerCase(Locale.ROOT) + ", " + kilobytes() + " KB]";
    }

    private long kilobytes() {
        return Math.max(1, (byteCount + 512) / 1024);
    }

    /** Never prints the data URL, which may be megabytes long. */
    @Override
    public String toString() {
        return "ImageInput[" + reference() + "]";
    }

    /** Writes into an array of the right size from a position on; more is an error. */
    private static final class FixedArrayOutput extends OutputStream {
        private final byte[] target;
        private int position;

        FixedArrayOutput(byte[] target, int position) {
            this.target = target;
            this.position = position;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int length) throws java.io.IOException {
            if (length > target.length - position) {
                throw new java.io.IOException("more than the sized length");
            }
            System.arraycopy(source, offset, target, position, length);
            position += length;
        }

        @Override
        public void close() throws java.io.IOException {
            if (position != target.length) {
                throw new java.io.IOException("less than the sized length");
            }
        }
    }
}
