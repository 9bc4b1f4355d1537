package dev.chatbridge.testsupport.common;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small real images whose bytes differ per seed, so a test can tell which picture arrived where. */
public final class TestImages {

    private TestImages() {}

    /**
     * A PNG whose colour comes from the seed, with the seed's characters drawn as a bar code across it, so two seeds
     * (the fake Midjourney uses task ids) never share bytes.
     */
    public static byte[] png(String seed, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int hash = seed.hashCode();
        int background = 0x404040 | (hash & 0xBFBFBF);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, background ^ ((x * 3 + y * 5) & 0x1F));
            }
        }
        int columns = Math.min(seed.length(), size / 2);
        for (int i = 0; i < columns; i++) {
            int digit = Character.digit(seed.charAt(i), 36);
            int height = size * (digit + 1) / 37;
            for (int y = size - height; y < size; y++) {
                image.setRGB(i * 2, y, 0xFFFFFF);
            }
        }
        return encode(image, "png");
    }

    public static byte[] jpeg(String seed, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int colour = 0x404040 | (seed.hashCode() & 0xBFBFBF);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, colour ^ ((x + 2 * y) & 0x3F));
            }
        }
        return encode(image, "jpg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
