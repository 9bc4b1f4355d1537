package dev.chatbridge.app.region;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** The picture to paint on, as downloaded: its bytes, its media type and its size in pixels. */
record RegionPicture(byte[] bytes, String mediaType, int width, int height) {

    /** Midjourney pictures are PNG, some proxies' CDNs serve JPEG or WebP; anything else is not a picture. */
    static Optional<RegionPicture> of(byte[] bytes) {
        if (startsWith(bytes, new byte[] {'R', 'I', 'F', 'F'})
                && bytes.length > 30
                && ascii(bytes, 8, 4).equals("WEBP")) {
            return webp(bytes);
        }
        String type = startsWith(bytes, new byte[] {(byte) 0x89, 'P', 'N', 'G'})
                ? "image/png"
                : startsWith(bytes, new byte[] {(byte) 0xFF, (byte) 0xD8}) ? "image/jpeg" : null;
        if (type == null) {
            return Optional.empty();
        }
        // Only the header is read: decoding a 4096-pixel upscale would take 64 MB for nothing.
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return Optional.of(new RegionPicture(bytes, type, reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** ImageIO cannot read WebP; its size is in the first chunk's header (lossy VP8, lossless VP8L, extended VP8X). */
    private static Optional<RegionPicture> webp(byte[] b) {
        String chunk = ascii(b, 12, 4);
        int width;
        int height;
        switch (chunk) {
            case "VP8 " -> {
                width = (u8(b, 26) | u8(b, 27) << 8) & 0x3FFF;
                height = (u8(b, 28) | u8(b, 29) << 8) & 0x3FFF;
            }
            case "VP8L" -> {
                int bits = u8(b, 21) | u8(b, 22) << 8 | u8(b, 23) << 16 | u8(b, 24) << 24;
                width = (bits & 0x3FFF) + 1;
                height = ((bits >>> 14) & 0x3FFF) + 1;
            }
            case "VP8X" -> {
                width = (u8(b, 24) | u8(b, 25) << 8 | u8(b, 26) << 16) + 1;
                height = (u8(b, 27) | u8(b, 28) << 8 | u8(b, 29) << 16) + 1;
            }
            default -> {
                return Optional.empty();
            }
        }
        return width > 0 && height > 0
                ? Optional.of(new RegionPicture(b, "image/webp", width, height))
                : Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] bytes, int from, int length) {
        return new String(bytes, from, length, StandardCharsets.US_ASCII);
    }

    private static int u8(byte[] bytes, int index) {
        return bytes[index] & 0xFF;
    }
}
