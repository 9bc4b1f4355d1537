package dev.chatbridge.core.vision;

import dev.chatbridge.core.inbound.Attachment;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns a question's attachments into images for the model, and decides what of them the
 * conversation keeps.
 *
 * <p>The choice: an image is sent to the model only with the question it came with. The stored
 * user turn then holds a compact text reference ({@link ImageInput#reference()}, e.g. {@code
 * [image: photo.jpg, jpeg, 182 KB]}) in place of the bytes, and the model's own answer about the
 * picture stays in the history. So a follow-up costs a few tokens instead of resending megabytes of
 * base64 every turn, the token budget stays predictable (images have no reliable token count), and
 * Redis holds text only. To ask about the picture itself again, the user replies to it: a reply to a
 * photo carries the image into the new question.
 */
public final class VisionContext {

    private final VisionSettings settings;

    public VisionContext(VisionSettings settings) {
        this.settings = settings;
    }

    public VisionSettings settings() {
        return settings;
    }

    /** The question as stored in the conversation: its references, then the text. */
    public static String storedQuestion(String question, List<ImageInput> images) {
        if (images.isEmpty()) {
            return question;
        }
        StringBuilder stored = new StringBuilder();
        for (ImageInput image : images) {
            stored.append(image.reference()).append('\n');
        }
        return stored.append(question).toString().strip();
    }

    /** Downloads and checks every attachment; the result holds the images, or what to tell the user. */
    public Loaded load(List<Attachment> attachments, Language language) {
        if (attachments.size() > settings.maxImagesPerQuestion()) {
            return Loaded.refused(Text.IMAGE_TOO_MANY.in(language, settings.maxImagesPerQuestion()));
        }
        List<ImageInput> images = new ArrayList<>(attachments.size());
        for (Attachment attachment : attachments) {
            Optional<String> refusal = check(attachment, language);
            if (refusal.isPresent()) {
                return Loaded.refused(refusal.get());
            }
            byte[] bytes;
            try {
                bytes = attachment.download(settings.maxImageBytes());
            } catch (Attachment.AttachmentException e) {
                return Loaded.refused(e.tooLarge()
                        ? tooLarge(attachment, language)
                        : Text.IMAGE_DOWNLOAD_FAILED.in(language, attachment.name()));
            }
            Optional<ImageFormat> format = ImageFormat.sniff(bytes);
            if (format.isEmpty()) {
                return Loaded.refused(Text.IMAGE_UNSUPPORTED.in(language, attachment.name()));
            }
            images.add(new ImageInput(bytes, format.get(), attachment.name()));
        }
        return new Loaded(images, null);
    }

    private Optional<String> check(Attachment attachment, Language language) {
        if (!ImageFormat.plausible(attachment.declaredMimeType())) {
            return Optional.of(Text.IMAGE_UNSUPPORTED.in(language, attachment.name()));
        }
        if (attachment.declaredBytes() > settings.maxImageBytes()) {
            return Optional.of(tooLarge(attachment, language));
        }
        return Optional.empty();
    }

    private String tooLarge(Attachment attachment, Language language) {
        return Text.IMAGE_TOO_LARGE.in(language, attachment.name(), megabytes(settings.maxImageBytes()));
    }

    private static String megabytes(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        return mb == Math.rint(mb) ? Long.toString((long) mb) : String.format(java.util.Locale.ROOT, "%.1f", mb);
    }

    /** Images ready for the model, or the reason (in the user's language) why none are. */
    public record Loaded(List<ImageInput> images, @Nullable String refusal) {
        public Loaded {
            images = List.copyOf(images);
        }

        static Loaded refused(String why) {
            return new Loaded(List.of(), why);
        }
    }
}
