package dev.chatbridge.core.vision;

import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The images of one question as they are downloaded, within the question's image budget
 * ({@link VisionSettings#maxQuestionImageBytes()}) and the per-image cap. An image whose declared
 * size no longer fits what is left is not downloaded; a download is capped at what is left, so it
 * stops there. Images that did not fit are left out and named in {@link #leftOut()}.
 */
final class QuestionImages {

    /** One attachment's image, what to tell the user instead, or that it did not fit the question's budget. */
    record One(@Nullable ImageInput image, @Nullable String refusal, boolean overBudget) {
        static final One OVER_BUDGET = new One(null, null, true);

        static One refused(String why) {
            return new One(null, why, false);
        }
    }

    private final VisionSettings settings;
    private final Language language;
    private final List<String> leftOut = new ArrayList<>();
    private long spent;

    QuestionImages(VisionSettings settings, Language language) {
        this.settings = settings;
        this.language = language;
    }

    /** What declares itself no image, or larger than one image may be: refused before anything is downloaded. */
    static Optional<String> check(Attachment attachment, VisionSettings settings, Language language) {
        if (!ImageFormat.plausible(attachment.declaredMimeType())) {
            return Optional.of(Text.IMAGE_UNSUPPORTED.in(language, attachment.name()));
        }
        if (attachment.declaredBytes() > settings.maxImageBytes()) {
            return Optional.of(tooLarge(attachment.name(), settings.maxImageBytes(), language));
        }
        return Optional.empty();
    }

    /** Downloads one attachment within what is left of the budget, and checks its bytes are an image. */
    One load(Attachment attachment) {
        long remaining = settings.maxQuestionImageBytes() - spent;
        if (remaining <= 0 || attachment.declaredBytes() > remaining) {
            leftOut.add(attachment.name());
            return One.OVER_BUDGET;
        }
        byte[] bytes;
        try {
            bytes = attachment.download(Math.min(settings.maxImageBytes(), remaining));
        } catch (Attachment.AttachmentException e) {
            if (e.reason() == Attachment.AttachmentException.Reason.TOO_LARGE && remaining < settings.maxImageBytes()) {
                leftOut.add(attachment.name());
                return One.OVER_BUDGET;
            }
            return One.refused(
                    switch (e.reason()) {
                        case TOO_LARGE -> tooLarge(attachment.name(), settings.maxImageBytes(), language);
                        case REFUSED -> Text.IMAGE_LINK_REFUSED.in(language, attachment.name());
                        case FAILED ->
                            attachment instanceof ImageLink
                                    ? Text.IMAGE_LINK_FAILED.in(language, attachment.name(), e.getMessage())
                                    : Text.IMAGE_DOWNLOAD_FAILED.in(language, attachment.name());
                    });
        }
        Optional<ImageFormat> format = ImageFormat.sniff(bytes);
        if (format.isEmpty()) {
            return One.refused(Text.IMAGE_UNSUPPORTED.in(language, attachment.name()));
        }
        spent += bytes.length;
        return new One(ImageInput.of(bytes, format.get(), attachment.name()), null, false);
    }

    /** The bytes of the images taken so far. */
    long spent() {
        return spent;
    }

    /** The names of the images left out because they did not fit the budget. */
    List<String> leftOut() {
        return List.copyOf(leftOut);
    }

    /** What the user is told when images were left out: the cap, how many were left out, how many taken. */
    String overBudgetNotice(int taken) {
        return Text.IMAGES_OVER_BUDGET.in(language, megabytes(settings.maxQuestionImageBytes()), leftOut.size(), taken);
    }

    /** The refusal when not one of the attachments fitted the question's budget. */
    String nothingFitted() {
        return tooLarge(leftOut.getFirst(), settings.maxQuestionImageBytes(), language);
    }

    private static String tooLarge(String name, long cap, Language language) {
        return Text.IMAGE_TOO_LARGE.in(language, name, megabytes(cap));
    }

    private static String megabytes(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        return mb == Math.rint(mb) ? Long.toString((long) mb) : String.format(Locale.ROOT, "%.1f", mb);
    }
}
