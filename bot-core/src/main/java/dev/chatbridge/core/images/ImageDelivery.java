package dev.chatbridge.core.images;

import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingImage;
import dev.chatbridge.core.delivery.ProgressMessage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.List;

/** Posts a drawn picture as a photo with its prompt as the caption, through the chat's pacing. */
public final class ImageDelivery {

    private static final int PROMPT_IN_CAPTION = 900;

    private ImageDelivery() {}

    public static MessageRef post(ChatChannel channel, ChatPacer pacer, GeneratedImage image, Language language)
            throws InterruptedException, DeliveryException {
        String caption = Text.IMAGE_CAPTION.in(language, shorten(image.prompt(), PROMPT_IN_CAPTION));
        return new ProgressMessage(channel, pacer)
                .postImage(new OutgoingImage(image.bytes(), "image" + extension(image.bytes()), caption, List.of()));
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String extension(byte[] bytes) {
        return dev.chatbridge.core.vision.ImageFormat.sniff(bytes)
                .map(format ->
                        "." + format.name().toLowerCase(java.util.Locale.ROOT).replace("jpeg", "jpg"))
                .orElse(".png");
    }
}
