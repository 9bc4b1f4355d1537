package dev.chatbridge.testsupport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small real images whose bytes differ per seed, so a test can tell which picture arrived where. */
public final class TestImages {

    private TestImages() {}

    public static byte[] png(String seed, int size) {
        return MidjourneyPng.of(seed, size);
    }

    public static byte[] jpeg(String seed, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int colour = 0x404040 | (seed.hashCode() & 0xBFBFBF);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, colour ^ ((x + 2 * y) & 0x3F));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
