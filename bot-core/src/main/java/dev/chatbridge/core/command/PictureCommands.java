package dev.chatbridge.core.command;

import dev.chatbridge.core.imagine.Dimensions;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.vision.ImageInput;
import dev.chatbridge.core.vision.VisionContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Midjourney commands that take pictures: {@code /imagine} with image prompts, {@code /describe} and {@code
 * /blend}. The pictures are the message's own (a photo and its caption, an album, Discord's attachment options, or
 * the photo a command replies to), downloaded and checked as vision does (its size caps, and only real PNG, JPEG,
 * WebP or GIF bytes), then sent to the proxy as data URLs.
 */
final class PictureCommands {

    /** Midjourney takes at most five pictures, for image prompts and for a blend alike. */
    static final int MOST_PICTURES = 5;

    private static final int LEAST_BLENDED = 2;

    private final ImagineService imagine;
    private final VisionContext vision;

    PictureCommands(ImagineService imagine, VisionContext vision) {
        this.imagine = imagine;
        this.vision = vision;
    }

    @Nullable
    String imagine(CommandCall call) throws InterruptedException {
        if (!call.hasArgument()) {
            return Text.IMAGINE_USAGE.in(call.language());
        }
        UserMessage message = call.message();
        List<Attachment> attachments = message.attachments();
        if (attachments.size() > MOST_PICTURES) {
            return Text.IMAGINE_TOO_MANY_PICTURES.in(call.language(), MOST_PICTURES);
        }
        try (VisionContext.Loaded loaded = vision.load(attachments, call.language())) {
            Optional<String> refusal = refusal(loaded, attachments, call.language());
            if (refusal.isPresent()) {
                return refusal.get();
            }
            imagine.imagine(
                    message.platform(),
                    message.chatId(),
                    message.userId(),
                    call.argument(),
                    dataUrls(loaded),
                    call.channel(),
                    call.language());
        }
        return null;
    }

    @Nullable
    String describe(CommandCall call) throws InterruptedException {
        List<Attachment> attachments = call.message().attachments();
        if (attachments.isEmpty()) {
            return Text.DESCRIBE_USAGE.in(call.language());
        }
        if (attachments.size() > 1) {
            return Text.DESCRIBE_ONE.in(call.language());
        }
        try (VisionContext.Loaded loaded = vision.load(attachments, call.language())) {
            Optional<String> refusal = refusal(loaded, attachments, call.language());
            if (refusal.isPresent()) {
                return refusal.get();
            }
            UserMessage message = call.message();
            imagine.describe(
                    message.platform(),
                    message.chatId(),
                    message.userId(),
                    loaded.images().getFirst().dataUrl(),
                    Text.DESCRIBE_TITLE.in(
                            call.language(), attachments.getFirst().name()),
                    call.channel(),
                    call.language());
        }
        return null;
    }

    @Nullable
    String blend(CommandCall call) throws InterruptedException {
        Optional<Dimensions> dimensions = dimensions(call.argument());
        if (dimensions.isEmpty()) {
            return Text.BLEND_USAGE.in(call.language());
        }
        List<Attachment> attachments = call.message().attachments();
        if (attachments.size() < LEAST_BLENDED || attachments.size() > MOST_PICTURES) {
            return Text.BLEND_COUNT.in(call.language(), attachments.size());
        }
        try (VisionContext.Loaded loaded = vision.load(attachments, call.language())) {
            Optional<String> refusal = refusal(loaded, attachments, call.language());
            if (refusal.isPresent()) {
                return refusal.get();
            }
            UserMessage message = call.message();
            imagine.blend(
                    message.platform(),
                    message.chatId(),
                    message.userId(),
                    dataUrls(loaded),
                    dimensions.get(),
                    Text.BLEND_TITLE.in(
                            call.language(),
                            attachments.size(),
                            dimensions.get().word()),
                    call.channel(),
                    call.language());
        }
        return null;
    }

    /** {@code /blend}'s argument: nothing (square) or a shape's name. */
    static Optional<Dimensions> dimensions(String argument) {
        String word = argument.strip().toLowerCase(Locale.ROOT);
        return word.isEmpty() ? Optional.of(Dimensions.SQUARE) : Dimensions.parse(word);
    }

    /**
     * Why the pictures cannot go to Midjourney: vision's refusal (no image, too large), or that some did not fit
     * the budget of one message; vision would look at the others, but a blend or an image prompt without one of
     * its pictures is not what the user asked for.
     */
    private Optional<String> refusal(VisionContext.Loaded loaded, List<Attachment> attachments, Language language) {
        if (loaded.refusal() != null) {
            return Optional.of(loaded.refusal());
        }
        if (loaded.images().size() < attachments.size()) {
            return Optional.of(Text.PICTURES_TOO_LARGE.in(
                    language, megabytes(vision.settings().maxQuestionImageBytes())));
        }
        return Optional.empty();
    }

    private static List<String> dataUrls(VisionContext.Loaded loaded) {
        return loaded.images().stream().map(ImageInput::dataUrl).toList();
    }

    private static String megabytes(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        return mb == Math.rint(mb) ? Long.toString((long) mb) : String.format(Locale.ROOT, "%.1f", mb);
    }
}
