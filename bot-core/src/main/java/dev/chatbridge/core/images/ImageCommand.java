package dev.chatbridge.core.images;

import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.ProgressMessage;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /image <prompt>}: admitted against the user's daily image jobs, then a status message, the
 * picture as a photo, and the status settles on how it went.
 */
public final class ImageCommand {

    private static final Logger log = LoggerFactory.getLogger(ImageCommand.class);
    private static final int PROMPT_IN_STATUS = 200;

    private final ImageJobs jobs;
    private final ChatPacer pacer;

    public ImageCommand(ImageJobs jobs, ChatPacer pacer) {
        this.jobs = jobs;
        this.pacer = pacer;
    }

    public void draw(QuotaUser user, String prompt, ChatChannel channel, Language language)
            throws InterruptedException {
        Optional<String> refusal = jobs.admit(user, language);
        if (refusal.isPresent()) {
            StreamingReply.deliverComplete(channel, pacer, refusal.get());
            return;
        }
        String shown = ImageDelivery.shorten(prompt, PROMPT_IN_STATUS);
        ProgressMessage progress = new ProgressMessage(channel, pacer);
        MessageRef status;
        try {
            status = progress.post(Text.IMAGE_DRAWING.in(language, shown));
        } catch (DeliveryException e) {
            log.warn("Could not post the drawing status in {}: {}", channel.pacingKey(), e.getMessage());
            jobs.refund(user);
            return;
        }
        channel.typing();
        String outcome;
        try {
            GeneratedImage image = jobs.draw(user, prompt);
            ImageDelivery.post(channel, pacer, image, language);
            outcome = Text.IMAGE_DONE.in(language, shown);
        } catch (ImagesException e) {
            log.warn("Image generation failed: {} {}", e.kind(), e.getMessage());
            outcome = describe(e, language);
        } catch (DeliveryException e) {
            log.warn("Could not post a drawn picture in {}: {}", channel.pacingKey(), e.getMessage());
            outcome = Text.TOOL_IMAGE_NOT_SENT.in(language, e.getMessage());
        }
        progress.finish(status, outcome);
    }

    /** What to tell the user when the images API failed. */
    public static String describe(ImagesException failure, Language language) {
        return switch (failure.kind()) {
            case REFUSED -> Text.IMAGE_REFUSED.in(language, failure.getMessage());
            case NOT_SUPPORTED -> Text.IMAGE_NOT_SUPPORTED.in(language);
            case UNAVAILABLE -> Text.IMAGE_SERVICE_DOWN.in(language, failure.getMessage());
        };
    }
}
