package dev.chatbridge.core.vision;

import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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
 *
 * <p>Image links in the text ({@link ImageLinks}) are images too, fetched through the SSRF guard.
 * They are treated more leniently than attached files, because a link may just be mentioned: one
 * that is refused or fails is left out with a notice and the rest of the question is still
 * answered ({@link #loadLinks}).
 */
public final class VisionContext {

    /**
     * Image links fetched per message at most: each may take the fetcher's whole time cap, and a
     * pasted list of links should not keep the conversation busy for minutes.
     */
    static final int MAX_LINKS_PER_MESSAGE = 4;

    private final VisionSettings settings;
    private final UrlFetcher fetcher;

    public VisionContext(VisionSettings settings, UrlFetcher fetcher) {
        this.settings = settings;
        this.fetcher = fetcher;
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
            One one = loadOne(attachment, language);
            if (one.refusal() != null) {
                return Loaded.refused(one.refusal());
            }
            images.add(Objects.requireNonNull(one.image()));
        }
        return new Loaded(images, null);
    }

    /**
     * The image links in {@code question} that the adapter did not already turn into attachments,
     * at most {@link #MAX_LINKS_PER_MESSAGE} and no more than the images the question may still carry.
     */
    public FoundLinks linksIn(String question, List<Attachment> attachments) {
        Set<String> taken = attachments.stream()
                .map(Attachment::sourceLink)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<String> links = ImageLinks.in(question).stream()
                .filter(link -> !taken.contains(link))
                .toList();
        int roomLeft = settings.maxImagesPerQuestion() - attachments.size();
        int allowed = Math.max(0, Math.min(MAX_LINKS_PER_MESSAGE, roomLeft));
        List<Attachment> fetched = links.stream()
                .limit(allowed)
                .<Attachment>map(link -> new ImageLink(link, fetcher))
                .toList();
        return new FoundLinks(fetched, links.size() - fetched.size());
    }

    /** Image links, and how many more the text held than are fetched. */
    public record FoundLinks(List<Attachment> links, int skipped) {
        public static final FoundLinks NONE = new FoundLinks(List.of(), 0);

        public FoundLinks {
            links = List.copyOf(links);
        }
    }

    /**
     * Loads each link on its own: those that work become images; each that is refused, fails or is
     * no image yields a notice for the user instead of failing the whole question.
     */
    public LoadedLinks loadLinks(FoundLinks found, Language language) {
        List<ImageInput> images = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (Attachment link : found.links()) {
            One one = loadOne(link, language);
            if (one.image() != null) {
                images.add(one.image());
            } else {
                notices.add(Objects.requireNonNull(one.refusal()));
            }
        }
        if (found.skipped() > 0) {
            notices.add(Text.IMAGE_LINKS_CAPPED.in(language, found.links().size()));
        }
        return new LoadedLinks(images, notices);
    }

    /** Images from links, and what to tell the user about the links that gave none. */
    public record LoadedLinks(List<ImageInput> images, List<String> notices) {
        public LoadedLinks {
            images = List.copyOf(images);
            notices = List.copyOf(notices);
        }
    }

    private One loadOne(Attachment attachment, Language language) {
        Optional<String> refusal = check(attachment, language);
        if (refusal.isPresent()) {
            return new One(null, refusal.get());
        }
        byte[] bytes;
        try {
            bytes = attachment.download(settings.maxImageBytes());
        } catch (Attachment.AttachmentException e) {
            return new One(
                    null,
                    switch (e.reason()) {
                        case TOO_LARGE -> tooLarge(attachment, language);
                        case REFUSED -> Text.IMAGE_LINK_REFUSED.in(language, attachment.name());
                        case FAILED ->
                            attachment instanceof ImageLink
                                    ? Text.IMAGE_LINK_FAILED.in(language, attachment.name(), e.getMessage())
                                    : Text.IMAGE_DOWNLOAD_FAILED.in(language, attachment.name());
                    });
        }
        Optional<ImageFormat> format = ImageFormat.sniff(bytes);
        if (format.isEmpty()) {
            return new One(null, Text.IMAGE_UNSUPPORTED.in(language, attachment.name()));
        }
        return new One(new ImageInput(bytes, format.get(), attachment.name()), null);
    }

    /** One attachment's image, or what to tell the user instead. */
    private record One(@Nullable ImageInput image, @Nullable String refusal) {}

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
