package dev.chatbridge.testsupport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Small real PNGs that differ per task: the colour comes from the task id, and the id's digits are drawn as a bar code
 * across the picture, so two tasks never share bytes and a test can tell which image it got.
 */
final class MidjourneyPng {

    private MidjourneyPng() {}

    static byte[] of(String taskId, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int hash = taskId.hashCode();
        int background = 0x404040 | (hash & 0xBFBFBF);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, background ^ ((x * 3 + y * 5) & 0x1F));
            }
        }
        int columns = Math.min(taskId.length(), size / 2);
        for (int i = 0; i < columns; i++) {
            int digit = Character.digit(taskId.charAt(i), 36);
            int height = size * (digit + 1) / 37;
            for (int y = size - height; y < size; y++) {
                image.setRGB(i * 2, y, 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
