package dev.chatbridge.app.region;

import dev.chatbridge.core.text.Text;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * A mask the page sent, checked and made clean: a PNG of exactly the picture's size, with the painted region white
 * and the rest black, as the proxies forward it to Midjourney's inpaint. Grey edges a browser's anti-aliasing leaves
 * become black or white here, so the proxy never sees a third value.
 */
final class RegionMask {

    static final String DATA_URL_PREFIX = "data:image/png;base64,";
    /** A black and white PNG of a 4096-pixel square upscale is far below this. */
    static final int MAX_BYTES = 4 << 20;

    /** Why a mask was refused. */
    static final class Refused extends Exception {
        final Text text;

        Refused(Text text) {
            super(text.key(), null, false, false);
            this.text = text;
        }
    }

    private RegionMask() {}

    /** The clean mask as a PNG data URL, or {@link Refused} with the text to show. */
    static String clean(String dataUrl, int width, int height) throws Refused {
        if (!dataUrl.startsWith(DATA_URL_PREFIX)
                || dataUrl.length() > DATA_URL_PREFIX.length() + MAX_BYTES / 3 * 4 + 4) {
            throw new Refused(Text.REGION_MASK_INVALID);
        }
        BufferedImage image;
        try {
            byte[] png = Base64.getDecoder().decode(dataUrl.substring(DATA_URL_PREFIX.length()));
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IllegalArgumentException | IOException e) {
            throw new Refused(Text.REGION_MASK_INVALID);
        }
        if (image == null || image.getWidth() != width || image.getHeight() != height) {
            throw new Refused(Text.REGION_MASK_INVALID);
        }
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        boolean painted = false;
        var raster = mask.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int argb = image.getRGB(x, y);
                int alpha = argb >>> 24;
                int luminance = (((argb >> 16) & 0xFF) * 299 + ((argb >> 8) & 0xFF) * 587 + (argb & 0xFF) * 114) / 1000;
                boolean white = alpha >= 128 && luminance >= 128;
                raster.setSample(x, y, 0, white ? 255 : 0);
                painted |= white;
            }
        }
        if (!painted) {
            throw new Refused(Text.REGION_MASK_EMPTY);
        }
        return DATA_URL_PREFIX + Base64.getEncoder().encodeToString(png(mask));
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
